// MR 4.4.0 (2020) tokens that the 2025 vocabulary no longer has. A site using them followed the pre-2024
// recommendations: we report "устаревшая разметка" rather than plain "missing".
export const LEGACY_2020_TOKENS: ReadonlySet<string> = new Set([
  'addressPlace', 'fax', 'fullnameUchred', 'workTimeFil', 'telephoneFil',
  'paidEduDocLink',
  'dateEnd', 'language', 'eduPOAccred', 'eduChislen', 'numberBF', 'numberBR', 'numberBM', 'numberP', 'numberF',
  'eduPriem', 'score', 'eduPerevod', 'numberOut', 'numberTo', 'numberRes', 'numberExp', 'educationAnnotation', 'eduEl', 'eduAdOp',
  'teachingQual', 'employeeQualification', 'genExperience',
  'objSq', 'objCnt', 'purposeEios', 'eoisOwn', 'eoisSide', 'bdec',
  'localAct', 'hostelTS', 'interTS', 'hostelLS', 'interLS', 'hostelInv', 'interInv', 'hostelFd', 'interFd',
  'internationalAccr',
]);

/** Where the 2020 recommendations placed information that now lives elsewhere (old slug → items). */
export const LEGACY_PAGES_2020: Readonly<Record<string, string>> = {
  ovz: 'Доступная среда (до 2024 г. — отдельный подраздел /sveden/ovz)',
  employees: 'Руководство. Педагогический состав (до 2024 г. — один подраздел /sveden/employees)',
  document: 'Документы (до 2024 г. там же лицензия и аккредитация)',
  objects: 'Материально-техническое обеспечение (до 2024 г. там же питание и охрана здоровья)',
  grants: 'Стипендии (до 2024 г. там же трудоустройство выпускников)',
};
