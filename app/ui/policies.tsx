import {
  bandsToText,
  parseBands,
  roundingLabels,
  zeroDenominatorLabels,
  type CampaignPolicies,
} from '../../src/campaigns/policies';

/** The policy fields of a campaign form; read back by policiesFromForm. */
export function PolicyFields({ policies }: { policies: CampaignPolicies }) {
  return (
    <fieldset>
      <legend>Политики расчёта</legend>
      <label htmlFor="zeroDenominator">Если знаменатель показателя равен нулю</label>
      <select id="zeroDenominator" name="zeroDenominator" defaultValue={policies.zeroDenominator}>
        {Object.entries(zeroDenominatorLabels).map(([k, v]) => (
          <option key={k} value={k}>
            {v}
          </option>
        ))}
      </select>
      <label htmlFor="rounding">Округление</label>
      <select id="rounding" name="rounding" defaultValue={policies.rounding}>
        {Object.entries(roundingLabels).map(([k, v]) => (
          <option key={k} value={k}>
            {v}
          </option>
        ))}
      </select>
      <label htmlFor="minN">Минимум ответов для публикации показателя</label>
      <input id="minN" name="minN" type="number" min={1} max={1000} defaultValue={policies.minN} />
      <label htmlFor="sampleShare">Целевая выборка, % от числа получателей услуг</label>
      <input
        id="sampleShare"
        name="sampleShare"
        type="number"
        min={1}
        max={100}
        step="any"
        defaultValue={Math.round(policies.sample.share * 1000) / 10}
      />
      <label htmlFor="sampleCap">Не больше (респондентов на организацию)</label>
      <input id="sampleCap" name="sampleCap" type="number" min={1} defaultValue={policies.sample.cap} />
      <label htmlFor="bands">Словесные оценки: «нижняя граница название», по одной в строке</label>
      <textarea id="bands" name="bands" rows={5} cols={40} defaultValue={bandsToText(policies.bands)} />
    </fieldset>
  );
}

export function policiesFromForm(form: FormData): { policies: unknown; problems: string[] } {
  const num = (name: string) => {
    const v = String(form.get(name) ?? '')
      .replace(',', '.')
      .trim();
    return v === '' ? undefined : Number(v);
  };
  const bands = parseBands(String(form.get('bands') ?? ''));
  const problems = typeof bands === 'string' ? [`словесные оценки: ${bands}`] : [];
  const share = num('sampleShare');
  return {
    policies: {
      zeroDenominator: String(form.get('zeroDenominator') ?? 'reweight'),
      rounding: String(form.get('rounding') ?? 'exact'),
      minN: num('minN'),
      sample: { share: share === undefined ? undefined : share / 100, cap: num('sampleCap') },
      bands: typeof bands === 'string' ? undefined : bands,
    },
    problems,
  };
}
