/** Number of yes/no questions with typed columns (edu-2019 has 14); a longer version needs a migration. */
export const SURVEY_QUESTION_SLOTS = 14;
