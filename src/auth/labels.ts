// Russian names of roles and council positions: client-safe, for pages and forms.
export const roles = ['admin', 'authority', 'council', 'operator', 'organisation'] as const;
export type Role = (typeof roles)[number];

export const councilPositions = ['chair', 'secretary', 'member'] as const;
export type CouncilPosition = (typeof councilPositions)[number];

export const roleLabels: Record<Role, string> = {
  admin: 'Администратор',
  authority: 'Орган управления образованием',
  council: 'Общественный совет',
  operator: 'Организация-оператор',
  organisation: 'Образовательная организация',
};

export const councilPositionLabels: Record<CouncilPosition, string> = {
  chair: 'председатель',
  secretary: 'секретарь',
  member: 'член совета',
};

/** Shown on the page of a setup, invitation or reset link that can no longer be used. */
export const LINK_INVALID =
  'Ссылка недействительна: она уже использована, отозвана или устарела. Попросите администратора выдать новую.';
