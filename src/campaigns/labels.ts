// Client-safe labels and limits of the campaigns room (React components import these, never campaigns.ts).

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

/** The largest council decision document accepted. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
