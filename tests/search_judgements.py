"""The judged queries of the catalogue search, on the demo catalogue (training_hub/demo/).

Each judgement: the query as a person types it, the course (by slug) that must come first,
and the courses that must also appear. Kinds: acronyms, misspellings, module outcomes, Thai
and Indonesian words, a country, a centre, a Vietnamese name typed without diacritics.
`tests/test_search_relevance.py` scores both backends with success@3 and nDCG@10.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Judgement:
    query: str
    first: str
    also: tuple = field(default_factory=tuple)
    kind: str = "words"
    # The visitor's language: their query also searches the demo's translations into it
    # (training_hub/demo/translations.toml).
    locale: str = ""


J = Judgement
TIP = "trafficking-in-persons-investigations"
SURVIVORS = "interviewing-survivors-of-trafficking"
PACIFIC_TIP = "countering-trafficking-in-the-pacific"
PRE_POSTING = "immigration-liaison-officer-pre-posting-course"
SMUGGLING = "countering-people-smuggling-networks"
DOCUMENTS = "document-examination-advanced"
RSD = "refugee-status-determination-study-exchange"
RETURN = "return-and-reintegration-casework"
CRVS = "civil-registration-and-vital-statistics"
MARITIME = "maritime-irregular-movements"
TRAINER = "train-the-trainer-for-the-frontline-induction"
CHILDREN = "interviewing-children-on-the-move"
THAI = "screening-trafficking-victims-at-checkpoints-thai"
BAHASA = "penyidikan-tindak-pidana-perdagangan-orang"
VIETNAMESE = "ky-nang-phong-van-nan-nhan-bi-mua-ban"

JUDGEMENTS = [
    # Acronyms of the field, and what they stand for.
    J("ILO", PRE_POSTING, ("airline-liaison-fundamentals",), "acronym"),
    J("immigration liaison officer", PRE_POSTING, (), "words"),
    J("RSD", RSD, (), "acronym"),
    J("refugee status determination", RSD, (), "words"),
    J("AVRR", RETURN, (), "acronym"),
    J("assisted voluntary return", RETURN, (), "words"),
    J("CRVS", CRVS, (), "acronym"),
    J("TIP", TIP, (SURVIVORS, PACIFIC_TIP), "acronym"),
    J("TOT", TRAINER, (), "acronym"),
    J("SAR", MARITIME, (), "acronym"),
    J("JCLEC intelligence", "regional-intelligence-analysis", (), "centre"),
    # Misspellings.
    J("trafficing", TIP, (SURVIVORS, PACIFIC_TIP), "misspelling"),
    J("smugling networks", SMUGGLING, (), "misspelling"),
    J("documnet examination", DOCUMENTS, (), "misspelling"),
    J("refugee staus determination", RSD, (), "misspelling"),
    J("maritme", MARITIME, (), "misspelling"),
    J("privacy asessment", "privacy-assessment-for-immigration-data", (), "misspelling"),
    # Words of titles and summaries.
    J("people smuggling", SMUGGLING, ("financial-investigation-of-smuggling-and-trafficking",)),
    J("document examination", DOCUMENTS, ("identity-management-and-document-security",)),
    J("forensic travel documents", DOCUMENTS),
    J("visa fraud", "visa-integrity-for-consular-staff"),
    J("train the trainer", TRAINER),
    J("children interviewing", CHILDREN),
    J("privacy impact assessments", "privacy-assessment-for-immigration-data"),
    J("information campaign", "designing-an-information-campaign-strategy"),
    J("safe migration", "labour-mobility-and-safe-migration"),
    J("financial investigation", "financial-investigation-of-smuggling-and-trafficking"),
    J("intelligence reporting", "intelligence-reporting-for-liaison-officers"),
    J("risk indicators profiling", "risk-based-approaches-to-border-management"),
    J("civil registration", CRVS),
    # Module outcomes.
    J("search and rescue disembarkation", MARITIME, (), "outcome"),
    J("births deaths marriages", CRVS, (), "outcome"),
    J("adult learners", TRAINER, (), "outcome"),
    J("refugee definition reasoned decision", RSD, (), "outcome"),
    J("guardians child's age", CHILDREN, (), "outcome"),
    J("counsel returnees", RETURN, (), "outcome"),
    # Places: a country, a city, a centre.
    J("Philippines documents", DOCUMENTS, (), "country"),
    J("Fiji induction", "border-induction-for-pacific-officers", (), "country"),
    J("Korea identity management", "identity-management-and-document-security", (), "country"),
    J("Colombo interviewing", SURVIVORS, (), "centre"),
    # Thai, Bahasa Indonesia, Vietnamese.
    J("การค้ามนุษย์", THAI, (), "thai"),
    J("ด่านตรวจคนเข้าเมือง", THAI, (), "thai"),
    J("perdagangan orang", BAHASA, (), "indonesian"),
    J("perlindungan korban", BAHASA, (), "indonesian"),
    J("penyidik", BAHASA, (), "indonesian"),
    J("phong van nan nhan", VIETNAMESE, (), "vietnamese"),
    J("mua bán người", VIETNAMESE, (), "vietnamese"),
    # A visitor of another language, searching the translations into it.
    J("สืบสวนคดีค้ามนุษย์", TIP, (), "translated", "th"),
    J("ลักลอบขนคนเข้าเมือง", SMUGGLING, (), "translated", "th"),
    J("penyelundupan manusia", SMUGGLING, (), "translated", "id"),
    J("analisis intelijen regional", "regional-intelligence-analysis", (), "translated", "id"),
    J("phân tích tình báo", "regional-intelligence-analysis", (), "translated", "vi"),
    J("dieu tra mua ban nguoi", TIP, (), "translated", "vi"),
]
