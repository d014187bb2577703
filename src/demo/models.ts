/**
 * The demo world's two scoring models, published in full: a logistic model each, whose factors,
 * coefficients (global weights), thresholds, measured accuracy and bias audit are shown on the
 * systems' register pages. The generator scores every demo citizen with these, so the score, the
 * risk level, the recommendation and each factor's contribution shown on a case all follow from the
 * same numbers (score = logistic(intercept + Σ weight × value)).
 */
import {
  logistic,
  roundTo,
  type Explanation,
  type ExplanationFactor,
  type ExplanationRole,
} from '../domain/explanation.ts';
import type { PublishedModel } from '../domain/published-model.ts';

/** What a model's recommendation asks the caseworker to do; decisions carry the same codes. */
export type ActionCode =
  'close_follow_up' | 'standard_follow_up' | 'refer_rehab_team' | 'job_clarification' | 'no_change';

export interface ModelFactor {
  readonly code: string;
  readonly label: string;
  readonly en: { readonly label: string };
  readonly weight: number;
  readonly dataSourceId: string;
  /** The value's plain-language text. */
  readonly valueText: (value: number) => string;
  readonly valueTextEn: (value: number) => string;
  /** The range the demo draws values from (both ends included). */
  readonly range: readonly [number, number];
}

export interface ModelBand {
  /** The band applies from this score up (the first band whose `from` the score reaches wins). */
  readonly from: number;
  readonly level: string;
  readonly levelEn: string;
  readonly action: ActionCode;
  readonly actionText: string;
  readonly actionTextEn: string;
}

export interface BiasAuditRow {
  readonly group: 'age' | 'gender' | 'origin';
  readonly label: string;
  readonly labelEn: string;
  readonly accuracy: number;
}

export interface ScoringModel {
  readonly systemId: string;
  readonly intercept: number;
  readonly factors: readonly ModelFactor[];
  /** Highest band first. */
  readonly bands: readonly ModelBand[];
  readonly role: ExplanationRole;
  readonly accuracy: number;
  readonly measuredOn: string;
  readonly biasAudit: readonly BiasAuditRow[];
  readonly limits: string;
  readonly limitsEn: string;
}

const n = (value: number): string => String(value);

/** Risk of long-term sick leave (sygefravaer-risiko): the profiling tool. */
export const RISK_MODEL: ScoringModel = {
  systemId: 'sygefravaer-risiko',
  intercept: -1.6,
  factors: [
    {
      code: 'prior_sick_spells',
      label: 'Sygemeldinger de seneste tre år',
      en: { label: 'Sick leave in the last three years' },
      weight: 0.55,
      dataSourceId: 'dream',
      valueText: (v) => `${n(v)} ${v === 1 ? 'gang' : 'gange'}`,
      valueTextEn: (v) => `${n(v)} ${v === 1 ? 'time' : 'times'}`,
      range: [0, 5],
    },
    {
      code: 'weeks_on_sick_leave',
      label: 'Uger sygemeldt indtil nu',
      en: { label: 'Weeks on sick leave so far' },
      weight: 0.07,
      dataSourceId: 'case_documents',
      valueText: (v) => `${n(v)} uger`,
      valueTextEn: (v) => `${n(v)} weeks`,
      range: [4, 26],
    },
    {
      code: 'months_with_wages',
      label: 'Måneder med løn det seneste år',
      en: { label: 'Months with wages in the last year' },
      weight: -0.15,
      dataSourceId: 'eindkomst',
      valueText: (v) => `${n(v)} af 12 måneder`,
      valueTextEn: (v) => `${n(v)} of 12 months`,
      range: [0, 12],
    },
  ],
  bands: [
    {
      from: 0.65,
      level: 'høj',
      levelEn: 'high',
      action: 'close_follow_up',
      actionText: 'tæt opfølgning',
      actionTextEn: 'close follow-up',
    },
    {
      from: 0.35,
      level: 'middel',
      levelEn: 'medium',
      action: 'standard_follow_up',
      actionText: 'almindelig opfølgning',
      actionTextEn: 'standard follow-up',
    },
    {
      from: 0,
      level: 'lav',
      levelEn: 'low',
      action: 'standard_follow_up',
      actionText: 'almindelig opfølgning',
      actionTextEn: 'standard follow-up',
    },
  ],
  role: 'one_of_several_inputs',
  accuracy: 0.78,
  measuredOn: '2026-05-12',
  biasAudit: [
    { group: 'age', label: 'Under 30 år', labelEn: 'Under 30', accuracy: 0.71 },
    { group: 'age', label: '30-49 år', labelEn: '30-49', accuracy: 0.79 },
    { group: 'age', label: '50 år og derover', labelEn: '50 and over', accuracy: 0.8 },
    { group: 'gender', label: 'Kvinder', labelEn: 'Women', accuracy: 0.78 },
    { group: 'gender', label: 'Mænd', labelEn: 'Men', accuracy: 0.77 },
    { group: 'origin', label: 'Dansk oprindelse', labelEn: 'Danish origin', accuracy: 0.78 },
    { group: 'origin', label: 'Anden oprindelse', labelEn: 'Other origin', accuracy: 0.75 },
  ],
  limits:
    'Vurderingen rammer rigtigt i 78 % af sagerne (målt 12. maj 2026). For borgere under 30 år rammer den rigtigt i 71 %. Den kender ikke til behandling, der først er startet efter den seneste lægeerklæring.',
  limitsEn:
    'The assessment is right in 78 % of cases (measured 12 May 2026). For citizens under 30 it is right in 71 %. It does not know about treatment that started after the latest medical certificate.',
};

/** Need for rehabilitation (rehab-behov): the prediction model behind the recommendations. */
export const REHAB_MODEL: ScoringModel = {
  systemId: 'rehab-behov',
  intercept: -2.4,
  factors: [
    {
      code: 'health_conditions',
      label: 'Helbredsforhold i lægeerklæringerne',
      en: { label: 'Health conditions in the medical certificates' },
      weight: 0.7,
      dataSourceId: 'medical_certificates',
      valueText: n,
      valueTextEn: n,
      range: [0, 4],
    },
    {
      code: 'months_on_benefits',
      label: 'Måneder på offentlig forsørgelse',
      en: { label: 'Months on public benefits' },
      weight: 0.035,
      dataSourceId: 'case_documents',
      valueText: (v) => `${n(v)} måneder`,
      valueTextEn: (v) => `${n(v)} months`,
      range: [0, 60],
    },
    {
      code: 'job_applications',
      label: 'Jobansøgninger de seneste tre måneder',
      en: { label: 'Job applications in the last three months' },
      weight: -0.15,
      dataSourceId: 'jobnet',
      valueText: n,
      valueTextEn: n,
      range: [0, 12],
    },
  ],
  bands: [
    {
      from: 0.6,
      level: 'stort behov',
      levelEn: 'high need',
      action: 'refer_rehab_team',
      actionText: 'Forelæg for rehabiliteringsteamet',
      actionTextEn: 'Refer to the rehabilitation team',
    },
    {
      from: 0.3,
      level: 'nogen behov',
      levelEn: 'some need',
      action: 'job_clarification',
      actionText: 'Jobafklaringsforløb',
      actionTextEn: 'Job clarification course',
    },
    {
      from: 0,
      level: 'lille behov',
      levelEn: 'little need',
      action: 'no_change',
      actionText: 'Ingen ændring i indsatsen',
      actionTextEn: 'No change in the effort',
    },
  ],
  role: 'advisory',
  accuracy: 0.74,
  measuredOn: '2026-07-20',
  biasAudit: [
    { group: 'age', label: 'Under 30 år', labelEn: 'Under 30', accuracy: 0.72 },
    { group: 'age', label: '30-49 år', labelEn: '30-49', accuracy: 0.75 },
    { group: 'age', label: '50 år og derover', labelEn: '50 and over', accuracy: 0.74 },
    { group: 'gender', label: 'Kvinder', labelEn: 'Women', accuracy: 0.74 },
    { group: 'gender', label: 'Mænd', labelEn: 'Men', accuracy: 0.73 },
    { group: 'origin', label: 'Dansk oprindelse', labelEn: 'Danish origin', accuracy: 0.75 },
    { group: 'origin', label: 'Anden oprindelse', labelEn: 'Other origin', accuracy: 0.7 },
  ],
  limits:
    'Anbefalingen rammer det, rehabiliteringsteamet selv når frem til, i 74 % af sagerne (målt 20. juli 2026); for borgere af anden oprindelse end dansk i 70 %. Den ser ikke, hvad du selv har fortalt i samtaler.',
  limitsEn:
    'The recommendation matches what the rehabilitation team itself concludes in 74 % of cases (measured 20 July 2026); for citizens of other than Danish origin in 70 %. It does not see what you told us yourself in meetings.',
};

export const SCORING_MODELS: readonly ScoringModel[] = [RISK_MODEL, REHAB_MODEL];

/** The band a score falls in. */
export function bandFor(model: ScoringModel, score: number): ModelBand {
  const band = model.bands.find((b) => score >= b.from);
  if (!band) throw new Error(`no band for score ${score}`);
  return band;
}

export interface Scored {
  readonly score: number;
  readonly band: ModelBand;
  readonly explanation: Explanation;
}

/**
 * Applies a model to one citizen's values (in the order of the model's factors): the score shown
 * (two decimals), its band, and the explanation with each factor's contribution.
 */
export function applyModel(model: ScoringModel, values: readonly number[]): Scored {
  const factors: ExplanationFactor[] = model.factors.map((f, i) => {
    const value = values[i] ?? 0;
    const contribution = roundTo(f.weight * value, 3);
    return {
      code: f.code,
      label: f.label,
      value,
      valueText: f.valueText(value),
      weight: f.weight,
      // 0 rather than -0, so the canonical JSON and the stored jsonb agree.
      contribution: contribution === 0 ? 0 : contribution,
      direction: contribution > 0 ? 'raises' : contribution < 0 ? 'lowers' : 'neutral',
      dataSourceId: f.dataSourceId,
      en: { label: f.en.label, valueText: f.valueTextEn(value) },
    };
  });
  const raw = model.intercept + model.factors.reduce((sum, f, i) => sum + f.weight * (values[i] ?? 0), 0);
  const score = roundTo(logistic(raw), 2);
  return {
    score,
    band: bandFor(model, score),
    explanation: {
      role: model.role,
      model: { link: 'logistic', intercept: model.intercept, score },
      factors,
      limits: model.limits,
      en: { limits: model.limitsEn },
    },
  };
}

/** A model as the register publishes it (audit.ai_system_model). */
export function toPublishedModel(model: ScoringModel): PublishedModel {
  return {
    link: 'logistic',
    intercept: model.intercept,
    factors: model.factors.map((f) => ({
      code: f.code,
      label: f.label,
      labelEn: f.en.label,
      weight: f.weight,
      dataSourceId: f.dataSourceId,
    })),
    bands: model.bands.map((b) => ({
      from: b.from,
      label: `${b.level}: ${b.actionText}`,
      labelEn: `${b.levelEn}: ${b.actionTextEn}`,
    })),
    accuracy: model.accuracy,
    measuredOn: model.measuredOn,
    biasAudit: model.biasAudit.map((row) => ({ ...row })),
  };
}

/** A score as Danish text ("0,71") and English text ("0.71"). */
export function formatScore(score: number, locale: 'da' | 'en'): string {
  const text = score.toFixed(2);
  return locale === 'da' ? text.replace('.', ',') : text;
}
