// Enum lists of the council room's tables, client-safe: pages take them from here, the schema imports
// them (decision 0060).
export const quorumRules = ['more_than_half', 'at_least_half', 'two_thirds'] as const;
export type QuorumRule = (typeof quorumRules)[number];
export const tieRules = ['presiding_decides', 'fails'] as const;
export type TieRule = (typeof tieRules)[number];
export const memberRoles = ['chair', 'deputy', 'secretary', 'member'] as const;
export type MemberRole = (typeof memberRoles)[number];
export const meetingFormats = ['in_person', 'video', 'absentee'] as const;
export type MeetingFormat = (typeof meetingFormats)[number];
export const agendaKinds = ['list', 'tor', 'criteria', 'results', 'proposals', 'plans_review', 'other'] as const;
export type AgendaKind = (typeof agendaKinds)[number];
export const decisionKinds = ['list', 'tor', 'criteria', 'results', 'other'] as const;
export type DecisionKind = (typeof decisionKinds)[number];
export const voteChoices = ['for', 'against', 'abstained'] as const;
export type VoteChoice = (typeof voteChoices)[number];
export const proposalAddressees = ['organisation', 'founder', 'all'] as const;
export type ProposalAddressee = (typeof proposalAddressees)[number];
export const proposalStatuses = ['draft', 'adopted', 'removed'] as const;
export type ProposalStatus = (typeof proposalStatuses)[number];

export type Invitee = { name: string; post: string };
