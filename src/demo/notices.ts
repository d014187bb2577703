/**
 * The demo world's public notices: one for each of the five demo AI systems, in Danish and English,
 * written for a citizen. The risk profiling tool and the retired mail sorter have a second version,
 * so the register shows a public history of changes.
 */
import type { Queryable } from '../db/db.ts';
import {
  canonicalContent,
  noticeContentSchema,
  type ChangeSummary,
  type ImpactAssessment,
  type NoticeContent,
} from '../domain/notice.ts';
import { AI_SYSTEMS, MUNICIPALITY } from './reference-data.ts';

/**
 * The legal basis's link: the ELI address on retsinformation.dk of the act the executive order is
 * issued under (§ 52 a, stk. 2, in lov om organisering og understøttelse af beskæftigelsesindsatsen
 * m.v., lovbekendtgørelse nr. 254 af 1. marts 2024, as the order's preamble names it). The order in
 * shared/seeds is a draft without a number of its own; once it has one, link its ELI address here.
 */
const ENABLING_ACT_ELI = 'https://www.retsinformation.dk/eli/lta/2024/254';
const ENABLING_ACT =
  'udstedt efter § 52 a, stk. 2, i lov om organisering og understøttelse af beskæftigelsesindsatsen m.v. (lovbekendtgørelse nr. 254 af 1. marts 2024)';
/** Who published the demo notices: the municipality's communications consultant. */
const PUBLISHER_ID = 'egb-0301';

/** The municipality's pages on its AI systems (the demo's own, invented domain). */
const SITE = 'https://egebaek.example.dk';

interface DemoVersion {
  readonly content: NoticeContent;
  readonly changeSummary: ChangeSummary;
  readonly publishedAt: string;
}

/** The appeal route is the same for every system: the decision, not the system, is appealed. */
const APPEAL = {
  da: 'Du kan klage over en afgørelse, også når systemet er brugt i din sag. Send klagen til jobcentret senest fire uger efter, at du har fået afgørelsen. Jobcentret vurderer sagen igen. Får du ikke medhold, sender vi klagen videre til Ankestyrelsen. Du kan også bede om at få at vide, hvordan systemet blev brugt i din sag.',
  en: 'You can complain about a decision, also when the system was used in your case. Send the complaint to the job centre no later than four weeks after you received the decision. The job centre looks at the case again. If you are not given right, we send the complaint on to the National Social Appeals Board (Ankestyrelsen). You can also ask to be told how the system was used in your case.',
};

/** The DPIA of a system, published as a document of its own. */
const dpia = (systemId: string, date: string): ImpactAssessment => ({
  title: {
    da: 'Konsekvensanalyse vedrørende databeskyttelse (DPIA)',
    en: 'Data protection impact assessment (DPIA)',
  },
  url: `${SITE}/ai/${systemId}/konsekvensanalyse.pdf`,
  date,
});

type Shared = Omit<
  NoticeContent,
  'da' | 'en' | 'caseAreas' | 'dataSources' | 'risks' | 'impactAssessments'
> & {
  readonly impactAssessments: ImpactAssessment[];
};

const shared = (systemId: string): Shared => {
  const system = AI_SYSTEMS.find((s) => s.id === systemId);
  if (!system) throw new Error(`no demo system ${systemId}`);
  return {
    legalBasis: { reference: `${system.legalBasis}, ${ENABLING_ACT}`, url: ENABLING_ACT_ELI },
    supplier: system.supplier,
    processor: system.processor,
    dpiaDate: system.dpiaDate,
    inUseSince: system.inUseSince,
    retiredOn: null,
    contact: { email: MUNICIPALITY.contactEmail, phone: MUNICIPALITY.contactPhone },
    dataProtectionOfficer: { name: MUNICIPALITY.dpoName, email: MUNICIPALITY.dpoEmail },
    lifecycleStatus: 'in_use',
    impactAssessments: system.dpiaDate ? [dpia(systemId, system.dpiaDate)] : [],
    technicalDocumentationUrl: `${SITE}/ai/${systemId}/teknisk-dokumentation`,
    seniorResponsibleOwner: {
      name: 'Mette Kjær',
      role: { da: 'Jobcenterchef, Egebæk Jobcenter', en: 'Head of Egebæk Job Centre' },
    },
    appealUrl: `${SITE}/klage`,
  };
};

const FIRST: ChangeSummary = { da: 'Første udgave.', en: 'First version.' };

const riskShared = shared('sygefravaer-risiko');
const riskV1: NoticeContent = {
  ...riskShared,
  impactAssessments: [
    ...riskShared.impactAssessments,
    {
      title: {
        da: 'Test af skævheder efter alder, køn og oprindelse',
        en: 'Bias audit by age group, gender and origin',
      },
      url: `${SITE}/ai/sygefravaer-risiko/bias-test-2026-1.pdf`,
      date: '2026-01-15',
    },
  ],
  risks: [
    {
      da: {
        risk: 'Systemet kan vurdere nogle grupper skævt, for eksempel ældre eller borgere med udenlandsk baggrund.',
        mitigation:
          'Systemet bruger hverken køn, alder, nationalitet eller adresse. Hvert halve år tester vi, om vurderingerne er lige gode for forskellige grupper, og vi offentliggør resultatet.',
      },
      en: {
        risk: 'The system may assess some groups unfairly, for example older citizens or citizens of foreign origin.',
        mitigation:
          'The system uses neither sex, age, nationality nor address. Every six months we test whether the assessments are equally good for different groups, and we publish the result.',
      },
    },
    {
      da: {
        risk: 'Sagsbehandleren kan stole for meget på vurderingen.',
        mitigation:
          'Sagsbehandleren skal skrive, hvorfor hun eller han er uenig eller enig i en høj risiko. Vi tæller, hvor ofte sagsbehandlerne er uenige, og en teamleder gennemgår sager hver måned.',
      },
      en: {
        risk: 'The caseworker may rely too much on the assessment.',
        mitigation:
          'The caseworker must write down why they agree or disagree with a high risk. We count how often caseworkers disagree, and a team leader reviews cases every month.',
      },
    },
  ],
  caseAreas: ['sickness_benefit'],
  dataSources: [
    { sourceId: 'cpr', categories: ['identity'] },
    { sourceId: 'eindkomst', categories: ['income', 'employment'] },
    { sourceId: 'dream', categories: ['benefit_history'] },
    { sourceId: 'case_documents', categories: ['case_notes'] },
  ],
  da: {
    name: 'Risikovurdering af langvarigt sygefravær',
    shortDescription:
      'Systemet vurderer, om der er risiko for, at din sygemelding bliver lang. Det hjælper sagsbehandleren med at give dig den rigtige hjælp i tide. Det er altid en sagsbehandler, der beslutter, hvad der skal ske i din sag.',
    purpose:
      'Jo tidligere vi hjælper, jo større er chancen for, at du kommer tilbage til arbejdet. Systemet skal hjælpe os med at finde de borgere, der har brug for en tidlig og tæt opfølgning. Det må ikke bruges til at sætte din ydelse ned eller stoppe den.',
    useInCaseProcessing:
      'Når du har været sygemeldt i fire uger, laver systemet en vurdering. Sagsbehandleren ser et resultat: lav, middel eller høj risiko for langt sygefravær, og et tal mellem 0 og 1. Sagsbehandleren bruger vurderingen som én oplysning blandt flere, når hun eller han planlægger den første samtale med dig.',
    humanOversight:
      'Systemet træffer ingen afgørelser. Sagsbehandleren vurderer selv din sag og må gerne være uenig med systemet. Er sagsbehandleren uenig, skriver hun eller han hvorfor. Vi tæller, hvor ofte sagsbehandlerne er uenige, og undersøger, om systemet tager fejl for bestemte grupper.',
    dpiaSummary:
      'Konsekvensanalysen fandt en risiko for, at systemet kunne vurdere nogle grupper skævt, for eksempel efter alder eller køn. Systemet bruger derfor hverken køn, alder, nationalitet eller adresse. CPR-registeret bruges kun til at finde de rigtige oplysninger om dig. Vi tester hvert halve år, om vurderingerne er lige gode for forskellige grupper.',
    tradeOffs:
      'Uden systemet får alle sygemeldte den samme opfølgning de første uger, og nogle, der har brug for hjælp tidligt, bliver først fundet sent. Vi overvejede at lade sagsbehandlerne gennemgå alle sager manuelt efter fire uger, men det er der ikke tid til. Vi valgte en enkel model, som vi kan forklare, frem for en mere præcis, men uigennemskuelig model. Systemet bruger færre oplysninger, end det kunne, fordi vi ikke vil bruge oplysninger, der kan give skæve vurderinger.',
    technicalDescription:
      'En logistisk regressionsmodel. Input er antal tidligere sygemeldinger, sygemeldingens varighed indtil nu, beskæftigelse og indkomst de seneste 12 måneder og ydelseshistorik. Output er en score mellem 0 og 1, der bliver delt i lav, middel og høj risiko. Modellens faktorer, vægte, præcision og bias-test er offentliggjort på denne side. Modellen er ikke selvlærende: en ny version bliver trænet, testet og godkendt, før den tages i brug.',
    appealRoute: APPEAL.da,
  },
  en: {
    name: 'Risk assessment of long-term sick leave',
    shortDescription:
      'The system assesses whether there is a risk that your sick leave will be long. It helps the caseworker give you the right help in time. A caseworker always decides what happens in your case.',
    purpose:
      'The sooner we help, the better the chance that you get back to work. The system helps us find the citizens who need early and close follow-up. It must not be used to reduce or stop your benefit.',
    useInCaseProcessing:
      'When you have been on sick leave for four weeks, the system makes an assessment. The caseworker sees a result: low, medium or high risk of long sick leave, and a number between 0 and 1. The caseworker uses the assessment as one piece of information among others when planning the first meeting with you.',
    humanOversight:
      'The system makes no decisions. The caseworker assesses your case and is free to disagree with the system. If the caseworker disagrees, they write down why. We count how often caseworkers disagree and check whether the system is wrong for particular groups.',
    dpiaSummary:
      'The impact assessment found a risk that the system could assess some groups unfairly, for example by age or sex. The system therefore uses neither sex, age, nationality nor address. The CPR register is used only to find the right information about you. Every six months we test whether the assessments are equally good for different groups.',
    tradeOffs:
      'Without the system, everyone on sick leave gets the same follow-up in the first weeks, and some who need help early are found late. We considered having caseworkers review every case by hand after four weeks, but there is no time for that. We chose a simple model that we can explain over a more accurate but opaque one. The system uses less information than it could, because we will not use information that may lead to unfair assessments.',
    technicalDescription:
      'A logistic regression model. Its input is the number of earlier sick leaves, the length of the sick leave so far, employment and income in the last 12 months, and benefit history. Its output is a score between 0 and 1, divided into low, medium and high risk. The model’s factors, weights, accuracy and bias audit are published on this page. The model does not learn by itself: a new version is trained, tested and approved before it is used.',
    appealRoute: APPEAL.en,
  },
};

const riskV2: NoticeContent = {
  ...riskV1,
  da: {
    ...riskV1.da,
    useInCaseProcessing: `${riskV1.da.useInCaseProcessing} Fra version 2.1 ser sagsbehandleren også de tre oplysninger, der betød mest for vurderingen, for eksempel hvor mange gange du har været sygemeldt før.`,
    humanOversight: `${riskV1.da.humanOversight} En teamleder gennemgår hver måned et udvalg af de sager, hvor systemet vurderede risikoen som høj.`,
  },
  en: {
    ...riskV1.en,
    useInCaseProcessing: `${riskV1.en.useInCaseProcessing} From version 2.1 the caseworker also sees the three pieces of information that mattered most to the assessment, for example how many times you have been on sick leave before.`,
    humanOversight: `${riskV1.en.humanOversight} Every month a team leader reviews a selection of the cases where the system rated the risk as high.`,
  },
};

const summary: NoticeContent = {
  ...shared('laegeresume'),
  risks: [
    {
      da: {
        risk: 'Sprogmodellen kan skrive noget, der ikke står i dokumenterne.',
        mitigation:
          'Hver linje i resuméet henviser til sit dokument, og sagsbehandleren skal læse de dokumenter, der har betydning for afgørelsen. Fejl bliver meldt til leverandøren og talt.',
      },
      en: {
        risk: 'The language model may write something that is not in the documents.',
        mitigation:
          'Every line of the summary refers to its document, and the caseworker must read the documents that matter for the decision. Mistakes are reported to the supplier and counted.',
      },
    },
    {
      da: {
        risk: 'Helbredsoplysninger kan blive brugt til andet end din sag.',
        mitigation:
          'Oplysningerne behandles i EU efter en databehandleraftale, bliver ikke brugt til at træne modellen og bliver slettet hos leverandøren efter 24 timer.',
      },
      en: {
        risk: 'Health information may be used for something other than your case.',
        mitigation:
          'The information is processed in the EU under a data processing agreement, is not used to train the model, and is deleted at the supplier after 24 hours.',
      },
    },
  ],
  caseAreas: ['sickness_benefit', 'job_clarification', 'rehabilitation', 'flex_job'],
  dataSources: [{ sourceId: 'medical_certificates', categories: ['health'] }],
  da: {
    name: 'Opsummering af lægelige oplysninger',
    shortDescription:
      'Systemet laver et kort resumé af lægeerklæringer og andre lægelige papirer i din sag. Sagsbehandleren læser altid de rigtige papirer, før der bliver truffet en afgørelse.',
    purpose:
      'Mange sager har lange lægelige papirer. Et resumé gør det hurtigere for sagsbehandleren at få overblik, så der er mere tid til at tale med dig.',
    useInCaseProcessing:
      'Systemet er en sprogmodel. Det læser de lægelige dokumenter i din sag og skriver et resumé på få linjer, for eksempel om du er i behandling, og hvornår din læge forventer, at du kan arbejde igen. Sagsbehandleren ser resuméet ved siden af dokumenterne, med en henvisning til hvert dokument.',
    humanOversight:
      'Resuméet er kun et hjælpemiddel. Sagsbehandleren skal læse de dokumenter, der har betydning for afgørelsen. Finder sagsbehandleren fejl i et resumé, bliver fejlen meldt til leverandøren. Resuméet gemmes ikke som en del af din sag.',
    dpiaSummary:
      'Konsekvensanalysen pegede på risikoen for, at en sprogmodel kan skrive noget, som ikke står i dokumenterne. Derfor skal sagsbehandleren altid læse de rigtige dokumenter. Dine oplysninger bliver behandlet i EU og bliver ikke brugt til at træne modellen.',
    tradeOffs:
      'Uden resuméet læser sagsbehandleren alle lægelige papirer fra start, hvilket tager tid fra samtalen med dig. Vi overvejede at lade en lægekonsulent skrive resuméer, men det ville forsinke sagerne. Fordelen er tid; ulempen er risikoen for fejl i et resumé. Den risiko er grunden til, at sagsbehandleren altid skal læse de rigtige dokumenter, før der træffes en afgørelse.',
    technicalDescription:
      'En stor sprogmodel fra leverandøren, kørt i EU. Input er teksten i de lægelige dokumenter i sagen. Output er et resumé på højst otte linjer med en henvisning til det dokument, hver oplysning kommer fra. Modellen er ikke trænet på kommunens data og lærer ikke af dine oplysninger. Leverandøren tester hver ny version mod et sæt af kendte dokumenter, før den tages i brug.',
    appealRoute: APPEAL.da,
  },
  en: {
    name: 'Summary of medical information',
    shortDescription:
      'The system writes a short summary of medical certificates and other medical papers in your case. The caseworker always reads the real papers before a decision is made.',
    purpose:
      'Many cases have long medical papers. A summary helps the caseworker get an overview faster, so there is more time to talk with you.',
    useInCaseProcessing:
      'The system is a language model. It reads the medical documents in your case and writes a summary of a few lines, for example whether you are in treatment and when your doctor expects you to be able to work again. The caseworker sees the summary next to the documents, with a reference to each document.',
    humanOversight:
      'The summary is only an aid. The caseworker must read the documents that matter for the decision. If the caseworker finds a mistake in a summary, it is reported to the supplier. The summary is not kept as part of your case.',
    dpiaSummary:
      'The impact assessment pointed to the risk that a language model may write something that is not in the documents. That is why the caseworker must always read the real documents. Your information is processed in the EU and is not used to train the model.',
    tradeOffs:
      'Without the summary the caseworker reads every medical paper from the start, which takes time from the meeting with you. We considered having a medical consultant write summaries, but that would delay cases. The benefit is time; the drawback is the risk of a mistake in a summary. That risk is why the caseworker must always read the real documents before a decision is made.',
    technicalDescription:
      'A large language model from the supplier, run in the EU. Its input is the text of the medical documents in the case. Its output is a summary of at most eight lines, with a reference to the document each piece of information comes from. The model is not trained on the municipality’s data and does not learn from your information. The supplier tests each new version against a set of known documents before it is used.',
    appealRoute: APPEAL.en,
  },
};

const transcription: NoticeContent = {
  ...shared('tale-til-tekst'),
  risks: [
    {
      da: {
        risk: 'En optagelse kan indeholde følsomme oplysninger, som ikke hører til i sagen.',
        mitigation:
          'Kun det godkendte notat kommer med i sagen. Optagelsen slettes, når notatet er godkendt, og senest efter 30 dage.',
      },
      en: {
        risk: 'A recording may contain sensitive information that does not belong in the case.',
        mitigation:
          'Only the approved note becomes part of the case. The recording is deleted when the note is approved, and after 30 days at the latest.',
      },
    },
    {
      da: {
        risk: 'Talegenkendelsen kan høre forkert, især ved dialekt eller accent.',
        mitigation:
          'Sagsbehandleren retter teksten, før notatet bliver godkendt, og du kan bede om at se notatet og få rettet fejl.',
      },
      en: {
        risk: 'Speech recognition may mishear, especially with a dialect or an accent.',
        mitigation:
          'The caseworker corrects the text before the note is approved, and you can ask to see the note and have mistakes corrected.',
      },
    },
  ],
  caseAreas: ['sickness_benefit', 'cash_benefit', 'job_clarification', 'rehabilitation', 'flex_job'],
  dataSources: [{ sourceId: 'own_statements', categories: ['own_statements'] }],
  da: {
    name: 'Tale til tekst af samtalenotater',
    shortDescription:
      'Hvis du siger ja til det, optager vi samtalen med dig, og systemet skriver den ud som tekst. Sagsbehandleren retter teksten og godkender notatet. Optagelsen bliver slettet bagefter.',
    purpose:
      'Sagsbehandleren kan lytte og tale med dig i stedet for at skrive under samtalen. Notatet bliver også mere præcist.',
    useInCaseProcessing:
      'Systemet laver lyd om til tekst. Sagsbehandleren ser et udkast til et samtalenotat, retter fejl og godkender det. Kun det godkendte notat kommer med i din sag.',
    humanOversight:
      'Systemet vurderer ikke noget og foreslår ingen afgørelse. Sagsbehandleren er ansvarlig for, at notatet er rigtigt. Du kan altid sige nej til optagelse. Du kan bede om at se notatet og få rettet fejl.',
    dpiaSummary:
      'Konsekvensanalysen fandt, at optagelser af samtaler kan indeholde følsomme oplysninger. Optagelsen bliver derfor slettet, når notatet er godkendt, og senest efter 30 dage. Systemet kører hos en databehandler i Danmark.',
    tradeOffs:
      'Alternativet er, at sagsbehandleren skriver notater under samtalen. Det gør samtalen kortere og notatet mindre præcist. En optagelse er dog mere indgribende end et håndskrevet notat. Derfor optager vi kun, hvis du siger ja, og optagelsen slettes, når notatet er godkendt.',
    technicalDescription:
      'En model til talegenkendelse, trænet af leverandøren på dansk tale. Input er lydoptagelsen af samtalen. Output er en tekst med tidsstempler, som sagsbehandleren retter. Modellen er ikke trænet på kommunens optagelser og lærer ikke af dem. Fejlraten måles af leverandøren på et offentligt dansk testsæt for hver ny version.',
    appealRoute: APPEAL.da,
  },
  en: {
    name: 'Speech to text for meeting notes',
    shortDescription:
      'If you agree, we record the meeting with you, and the system writes it out as text. The caseworker corrects the text and approves the note. The recording is deleted afterwards.',
    purpose:
      'The caseworker can listen and talk with you instead of writing during the meeting. The note is also more accurate.',
    useInCaseProcessing:
      'The system turns speech into text. The caseworker sees a draft of the meeting note, corrects mistakes and approves it. Only the approved note becomes part of your case.',
    humanOversight:
      'The system assesses nothing and suggests no decision. The caseworker is responsible for the note being correct. You can always say no to a recording. You can ask to see the note and have mistakes corrected.',
    dpiaSummary:
      'The impact assessment found that recordings of meetings may contain sensitive information. The recording is therefore deleted when the note is approved, and after 30 days at the latest. The system runs at a data processor in Denmark.',
    tradeOffs:
      'The alternative is that the caseworker writes notes during the meeting. That makes the meeting shorter and the note less accurate. A recording is, however, more intrusive than a handwritten note. That is why we record only if you say yes, and the recording is deleted when the note is approved.',
    technicalDescription:
      'A speech recognition model trained by the supplier on Danish speech. Its input is the recording of the meeting. Its output is a text with time stamps that the caseworker corrects. The model is not trained on the municipality’s recordings and does not learn from them. The supplier measures the error rate on a public Danish test set for each new version.',
    appealRoute: APPEAL.en,
  },
};

const mailV1: NoticeContent = {
  ...shared('postsortering'),
  // Developed in-house, so the source code itself is published.
  technicalDocumentationUrl: 'https://code.egebaek.example.dk/digitalisering/postsortering',
  risks: [
    {
      da: {
        risk: 'Et brev kan blive sorteret forkert og derfor blive forsinket.',
        mitigation:
          'Breve, som systemet er usikker på, bliver sorteret af en medarbejder. En medarbejder kan altid ændre brevtypen.',
      },
      en: {
        risk: 'A letter may be sorted wrongly and therefore be delayed.',
        mitigation:
          'Letters the system is unsure about are sorted by a member of staff. A member of staff can always change the letter type.',
      },
    },
  ],
  caseAreas: ['sickness_benefit', 'cash_benefit', 'job_clarification', 'rehabilitation'],
  dataSources: [{ sourceId: 'case_documents', categories: ['correspondence'] }],
  da: {
    name: 'Sortering af indgående post',
    shortDescription:
      'Systemet læser den post, du sender til jobcenteret, og foreslår, hvilken slags brev det er, for eksempel en lægeerklæring eller en ansøgning. Så kommer brevet hurtigere frem til den rigtige sagsbehandler.',
    purpose:
      'Post skal hurtigt frem til den sagsbehandler, der har din sag, så du ikke venter unødigt på svar.',
    useInCaseProcessing:
      'Systemet giver hvert brev en type, for eksempel "Lægeerklæring" eller "Ansøgning". En medarbejder i postcentret ser forslaget og sender brevet videre. Sagsbehandleren ser typen ved brevet i din sag.',
    humanOversight:
      'Systemet træffer ingen afgørelser og læser ikke brevet for sagsbehandleren. En medarbejder kan altid ændre typen. Breve, som systemet er usikker på, bliver sorteret af en medarbejder.',
    dpiaSummary:
      'Konsekvensanalysen fandt en lille risiko for, at et brev bliver sendt til den forkerte afdeling og derfor bliver forsinket. Medarbejderne i postcentret kontrollerer derfor de breve, som systemet er usikker på.',
    tradeOffs:
      'Før systemet sorterede medarbejderne i postcentret al post i hånden. Systemet gjorde det hurtigere, men et brev, der bliver sorteret forkert, kan blive forsinket. Vi valgte at lade medarbejderne sortere de breve, systemet er usikker på. Systemet blev taget ud af brug, fordi den nye fagsystemløsning selv sorterer posten.',
    technicalDescription:
      'En tekstklassifikationsmodel udviklet af kommunens egen it-afdeling. Input er teksten i det indscannede brev. Output er en af ti brevtyper og hvor sikker modellen er. Breve under en fast sikkerhedsgrænse går til manuel sortering. Modellen er ikke selvlærende. Kildekoden er offentliggjort.',
    appealRoute: APPEAL.da,
  },
  en: {
    name: 'Sorting of incoming mail',
    shortDescription:
      'The system reads the mail you send to the job centre and suggests what kind of letter it is, for example a medical certificate or an application. That way the letter reaches the right caseworker faster.',
    purpose:
      'Mail must reach the caseworker who has your case quickly, so you do not wait for an answer without need.',
    useInCaseProcessing:
      'The system gives each letter a type, for example "Medical certificate" or "Application". A member of staff in the mail centre sees the suggestion and forwards the letter. The caseworker sees the type next to the letter in your case.',
    humanOversight:
      'The system makes no decisions and does not read the letter for the caseworker. A member of staff can always change the type. Letters the system is unsure about are sorted by a member of staff.',
    dpiaSummary:
      'The impact assessment found a small risk that a letter is sent to the wrong department and is therefore delayed. Staff in the mail centre therefore check the letters the system is unsure about.',
    tradeOffs:
      'Before the system, staff in the mail centre sorted all mail by hand. The system made this faster, but a letter sorted wrongly may be delayed. We chose to let staff sort the letters the system is unsure about. The system was taken out of use because the new case management system sorts mail itself.',
    technicalDescription:
      'A text classification model developed by the municipality’s own IT department. Its input is the text of the scanned letter. Its output is one of ten letter types and how certain the model is. Letters below a fixed certainty threshold go to manual sorting. The model does not learn by itself. Its source code is published.',
    appealRoute: APPEAL.en,
  },
};

const mailV2: NoticeContent = { ...mailV1, lifecycleStatus: 'retired', retiredOn: '2026-06-30' };

const rehab: NoticeContent = {
  ...shared('rehab-behov'),
  risks: [
    {
      da: {
        risk: 'Systemet bruger følsomme oplysninger om helbred og familie.',
        mitigation:
          'Systemet bruger kun de oplysninger, der er nødvendige, og rehabiliteringsteamet ser ikke forslaget.',
      },
      en: {
        risk: 'The system uses sensitive information about health and family.',
        mitigation:
          'The system uses only the information it needs, and the rehabilitation team does not see the suggestion.',
      },
    },
    {
      da: {
        risk: 'Forslaget kan være skævt for grupper, der var få af i træningsdata.',
        mitigation:
          'Vi tester forslagene for skævheder efter alder, køn og oprindelse, før en ny version tages i brug, og offentliggør resultatet.',
      },
      en: {
        risk: 'The suggestion may be unfair to groups that were few in the training data.',
        mitigation:
          'We test the suggestions for bias by age group, gender and origin before a new version is used, and publish the result.',
      },
    },
  ],
  caseAreas: ['job_clarification', 'rehabilitation', 'flex_job'],
  dataSources: [
    { sourceId: 'cpr', categories: ['identity', 'family'] },
    { sourceId: 'case_documents', categories: ['case_notes'] },
    { sourceId: 'medical_certificates', categories: ['health'] },
    { sourceId: 'jobnet', categories: ['cv', 'job_search'] },
  ],
  da: {
    name: 'Vurdering af behov for rehabilitering',
    shortDescription:
      'Systemet giver et forslag til, hvilken indsats der kan hjælpe dig videre, for eksempel om din sag skal forelægges for rehabiliteringsteamet. Forslaget er kun et råd til sagsbehandleren.',
    purpose:
      'Borgere med komplekse problemer skal have en samlet plan i tide. Systemet skal hjælpe sagsbehandleren med ikke at overse nogen, der har brug for det.',
    useInCaseProcessing:
      'Systemet laver en forudsigelse ud fra oplysningerne i din sag. Sagsbehandleren ser et forslag, for eksempel "Forelæg for rehabiliteringsteamet", og hvor sikkert systemet er, i procent. Oplysninger fra afsluttede sager bruges uden navn og CPR-nummer til at træne nye versioner af systemet.',
    humanOversight:
      'Systemet træffer ingen afgørelser. Sagsbehandleren taler med dig og vurderer selv, hvad der er bedst. Er sagsbehandleren uenig i forslaget, skriver hun eller han hvorfor. Rehabiliteringsteamet ser ikke systemets forslag.',
    dpiaSummary:
      'Konsekvensanalysen fandt, at systemet bruger helbredsoplysninger og oplysninger om din familie, som er følsomme. Systemet bruger kun de oplysninger, der er nødvendige. Når sager bruges til træning, fjernes navn og CPR-nummer først, og det bliver registreret i sagen, så du kan se det.',
    tradeOffs:
      'Uden systemet afhænger det af den enkelte sagsbehandlers erfaring, om en sag bliver forelagt for rehabiliteringsteamet i tide. Vi overvejede en fast tjekliste, men den fandt færre af de borgere, der havde brug for et forløb. Systemet bruger følsomme oplysninger om helbred og familie, hvilket er et indgreb. Vi vurderer, at det er rimeligt, fordi forslaget kun er et råd, og fordi oplysningerne kun bruges til at finde den rette hjælp.',
    technicalDescription:
      'En logistisk regressionsmodel. Input er oplysninger fra sagen: varighed af forløbet, helbredsoplysninger fra lægeerklæringer, tidligere indsatser, familieforhold og jobsøgning. Output er et forslag til næste skridt og hvor sikker modellen er, i procent. Modellens faktorer og vægte er offentliggjort på denne side. Nye versioner trænes på afsluttede sager uden navn og CPR-nummer og godkendes, før de tages i brug.',
    appealRoute: APPEAL.da,
  },
  en: {
    name: 'Assessment of the need for rehabilitation',
    shortDescription:
      'The system suggests which kind of help could move you forward, for example whether your case should go to the rehabilitation team. The suggestion is only advice for the caseworker.',
    purpose:
      'Citizens with complex problems need a joint plan in time. The system helps the caseworker not to overlook anyone who needs one.',
    useInCaseProcessing:
      'The system makes a prediction from the information in your case. The caseworker sees a suggestion, for example "Refer to the rehabilitation team", and how certain the system is, in per cent. Information from closed cases is used without name and CPR number to train new versions of the system.',
    humanOversight:
      'The system makes no decisions. The caseworker talks with you and decides what is best. If the caseworker disagrees with the suggestion, they write down why. The rehabilitation team does not see the system’s suggestion.',
    dpiaSummary:
      'The impact assessment found that the system uses health information and information about your family, which is sensitive. The system uses only the information it needs. When cases are used for training, name and CPR number are removed first, and this is recorded in the case so you can see it.',
    tradeOffs:
      'Without the system, whether a case reaches the rehabilitation team in time depends on each caseworker’s experience. We considered a fixed checklist, but it found fewer of the citizens who needed a plan. The system uses sensitive information about health and family, which is an intrusion. We consider it reasonable because the suggestion is only advice, and the information is used only to find the right help.',
    technicalDescription:
      'A logistic regression model. Its input is information from the case: how long it has lasted, health information from medical certificates, earlier measures, family situation and job search. Its output is a suggested next step and how certain the model is, in per cent. The model’s factors and weights are published on this page. New versions are trained on closed cases without name and CPR number and are approved before they are used.',
    appealRoute: APPEAL.en,
  },
};

/** Every demo notice's published versions, per system, oldest first. */
export const DEMO_NOTICES: Readonly<Record<string, readonly DemoVersion[]>> = {
  'sygefravaer-risiko': [
    { content: riskV1, changeSummary: FIRST, publishedAt: '2026-01-26T09:00:00Z' },
    {
      content: riskV2,
      changeSummary: {
        da: 'Version 2.1 af systemet viser nu sagsbehandleren de tre oplysninger, der betød mest for vurderingen. Vi har også beskrevet teamlederens månedlige kontrol.',
        en: 'Version 2.1 of the system now shows the caseworker the three pieces of information that mattered most to the assessment. We have also described the team leader’s monthly check.',
      },
      publishedAt: '2026-06-15T09:00:00Z',
    },
  ],
  laegeresume: [{ content: summary, changeSummary: FIRST, publishedAt: '2026-01-26T09:00:00Z' }],
  'tale-til-tekst': [{ content: transcription, changeSummary: FIRST, publishedAt: '2026-01-26T09:00:00Z' }],
  postsortering: [
    { content: mailV1, changeSummary: FIRST, publishedAt: '2026-01-26T09:00:00Z' },
    {
      content: mailV2,
      changeSummary: {
        da: 'Systemet blev taget ud af brug den 30. juni 2026. Posten bliver igen sorteret af medarbejdere.',
        en: 'The system was taken out of use on 30 June 2026. Mail is again sorted by staff.',
      },
      publishedAt: '2026-07-01T09:00:00Z',
    },
  ],
  'rehab-behov': [{ content: rehab, changeSummary: FIRST, publishedAt: '2026-02-23T09:00:00Z' }],
};

/**
 * Writes the demo notices and their published versions. Idempotent: a notice or version that is
 * already there is left as it is. Expects the demo systems in audit.ai_system.
 */
export async function seedDemoNotices(db: Queryable): Promise<void> {
  for (const [systemId, versions] of Object.entries(DEMO_NOTICES)) {
    await db.query(
      `insert into portal.notice (system_id, slug) values ($1, $1) on conflict (system_id) do nothing`,
      [systemId],
    );
    for (const [index, v] of versions.entries()) {
      await db.query(
        `insert into portal.notice_version
           (notice_id, version, content, change_summary, change_summary_en, published_at, published_by)
         select n.id, $2, $3, $4, $5, $6, $7 from portal.notice n where n.system_id = $1
         on conflict (notice_id, version) do nothing`,
        [
          systemId,
          index + 1,
          JSON.stringify(canonicalContent(noticeContentSchema.parse(v.content))),
          v.changeSummary.da,
          v.changeSummary.en,
          v.publishedAt,
          PUBLISHER_ID,
        ],
      );
    }
  }
}
