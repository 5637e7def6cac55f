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

/** What can happen in a campaign (recorded with a date in campaign_events, decision 0028). */
export const campaignEventKinds = [
  'list_approved',
  'list_published',
  'operator_report_received',
  'council_results_adopted',
  'authority_measures_taken',
  'results_published',
] as const;
export type CampaignEventKind = (typeof campaignEventKinds)[number];
