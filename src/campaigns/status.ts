// A campaign's statuses and their Russian names: client-safe, for pages and the public portal.
export const campaignStatuses = ['draft', 'collecting', 'scoring', 'approved', 'published', 'closed'] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];
export const campaignStatusLabels: Record<CampaignStatus, string> = {
  draft: 'подготовка',
  collecting: 'сбор данных',
  scoring: 'расчёт и рассмотрение',
  approved: 'результаты утверждены',
  published: 'результаты опубликованы',
  closed: 'завершена',
};

/** What became of one step of a campaign's calendar. */
export const stepStatuses = ['planned', 'done', 'skipped'] as const;
export type StepStatus = (typeof stepStatuses)[number];
