"""The event coder: given a sentence and its actors, which events come out."""
from __future__ import annotations

import re

import pytest

from readout.context import StageInput
from readout.events import code_events
from readout.events.codebook import code_info, codebook
from readout.model import Actor, Article
from readout.settings import Settings

# name → actor code; every occurrence of the name in a sentence becomes a mention
KB = {
    "Xi Jinping": "CHNGOV", "Xi": "CHNGOV", "China": "CHN", "Beijing": "CHNGOV",
    "Vladimir Putin": "RUSGOV", "Putin": "RUSGOV", "Russia": "RUS", "Moscow": "RUSGOV",
    "Ukraine": "UKR", "Kyiv": "UKRGOV", "France": "FRA", "Paris": "FRAGOV", "Germany": "DEU",
    "Berlin": "DEUGOV", "Japan": "JPN", "Tokyo": "JPNGOV", "India": "IND", "Pakistan": "PAK",
    "Iran": "IRN", "Israel": "ISR", "Egypt": "EGY", "Turkey": "TUR", "Syria": "SYR",
    "the United States": "USA", "Washington": "USAGOV", "Brazil": "BRA", "Kenya": "KEN",
    "the rebels": "REB", "rebels": "REB", "the police": "COP", "police": "COP",
    "protesters": "OPP", "the army": "MIL", "troops": "MIL", "the opposition": "OPP",
    "Western": "WST", "the West": "WST", "the United Nations": "IGOUNO", "NATO": "IGOWSTNAT",
}


def actors_for(text: str) -> list[Actor]:
    out, taken = [], []
    for i, (name, code) in enumerate(sorted(KB.items(), key=lambda kv: -len(kv[0]))):
        spans = []
        for m in re.finditer(r"\b" + re.escape(name) + r"\b", text, re.IGNORECASE):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            spans.append([m.start(), m.end()])
            taken.append((m.start(), m.end()))
        if spans:
            out.append(Actor(id=f"A{i}", name=name, code=code, country=code[:3] if len(code) > 3
                             or code in ("CHN", "RUS", "UKR", "FRA", "DEU", "JPN", "IND", "PAK",
                                         "IRN", "ISR", "EGY", "TUR", "SYR", "USA", "BRA", "KEN")
                             else None, mentions=spans))
    return out


@pytest.fixture(scope="module")
def code(nlp):
    def run(text: str, published: str = "2024-03-01", **settings):
        doc = nlp(text)
        inp = StageInput(doc=doc, article=Article(text=text, published=published),
                         settings=Settings(**settings), actors=actors_for(text))
        return code_events(inp)
    return run


def triples(events) -> set[tuple]:
    return {(e.source.code, e.target.code, e.cameo[:2]) for e in events}


# (sentence, an expected (source code, target code, CAMEO root) triple)
CASES = [
    # 01 statements
    ("Japan expressed concern over the missile tests by Iran.", ("JPN", None, "01")),
    ("France voiced optimism about the talks.", ("FRA", None, "01")),
    ("The rebels claimed responsibility for the bombing.", ("REB", None, "01")),
    ("Syria denied responsibility for the blast.", ("SYR", None, "01")),
    ("Egypt expressed condolences to Turkey after the earthquake.", ("EGY", "TUR", "01")),
    # 02 appeals
    ("Kenya appealed to the United Nations for food aid.", ("KEN", "IGOUNO", "02")),
    ("France urged Iran to release the prisoners.", ("FRA", "IRN", "02")),
    ("Pakistan asked China for economic assistance.", ("PAK", "CHN", "02")),
    ("Germany called on Russia to withdraw its troops.", ("DEU", "RUS", "02")),
    ("The United Nations called for a ceasefire between Israel and Syria.", ("IGOUNO", "ISR", "02")),
    # 03 intent to cooperate
    ("Japan pledged aid to Kenya.", ("JPN", "KEN", "03")),
    ("China promised to help Pakistan.", ("CHN", "PAK", "03")),
    ("Turkey offered to mediate between Russia and Ukraine.", ("TUR", "RUS", "03")),
    ("France will provide humanitarian aid to Syria.", ("FRA", "SYR", "03")),
    ("Xi invited Putin to visit Beijing.", ("CHNGOV", "RUSGOV", "03")),
    ("Brazil agreed to resume talks with India.", ("BRA", "IND", "03")),
    # 04 consult
    ("Xi Jinping met Vladimir Putin in Moscow.", ("CHNGOV", "RUSGOV", "04")),
    ("Putin met with Xi in Beijing on Tuesday.", ("RUSGOV", "CHNGOV", "04")),
    ("Japan and India held talks on trade.", ("JPN", "IND", "04")),
    ("Xi arrived in Russia on Monday.", ("CHNGOV", "RUS", "04")),
    ("Putin paid a visit to China last week.", ("RUSGOV", "CHN", "04")),
    ("Germany hosted Japan for a summit.", ("DEU", "JPN", "04")),
    ("Egypt mediated between Israel and Syria.", ("EGY", "ISR", "04")),
    ("Xi Jinping visited France.", ("CHNGOV", "FRA", "04")),
    # 05 diplomatic cooperation
    ("Xi offered Russia firm support.", ("CHNGOV", "RUS", "05")),
    ("Putin hailed the partnership with China.", ("RUSGOV", "CHN", "05")),
    ("France praised Kenya for its election.", ("FRA", "KEN", "05")),
    ("China and Russia signed a series of agreements on energy.", ("CHN", "RUS", "05")),
    ("Germany apologized to Kenya.", ("DEU", "KEN", "05")),
    ("Brazil recognized the independence of Kenya.", ("BRA", "KEN", "05")),
    ("India backed Japan in the dispute.", ("IND", "JPN", "05")),
    # 06 material cooperation
    ("France cooperated with Germany on intelligence.", ("FRA", "DEU", "06")),
    ("Turkey extradited two suspects to Germany.", ("TUR", "DEU", "06")),
    ("Japan shared intelligence with India.", ("JPN", "IND", "06")),
    ("Egypt and Israel held joint military exercises.", ("EGY", "ISR", "06")),
    # 07 aid
    ("Japan sent humanitarian aid to Syria.", ("JPN", "SYR", "07")),
    ("Germany provided weapons to Ukraine.", ("DEU", "UKR", "07")),
    ("The United States granted asylum to the opposition.", ("USA", "OPP", "07")),
    ("France donated money to Kenya.", ("FRA", "KEN", "07")),
    # 08 yield
    ("Iran released the prisoners to France.", ("IRN", "FRA", "08")),
    ("Russia withdrew its troops from Ukraine.", ("RUS", "UKR", "08")),
    ("The United States lifted sanctions on Iran.", ("USA", "IRN", "08")),
    ("Israel eased restrictions on Egypt.", ("ISR", "EGY", "08")),
    # 09 investigate
    ("The United Nations investigated the attack on Syria.", ("IGOUNO", "SYR", "09")),
    ("Kenya launched an investigation into the police.", ("KEN", "COP", "09")),
    ("France probed Iran over the cyber attack.", ("FRA", "IRN", "09")),
    # 10 demand
    ("Ukraine demanded the withdrawal of Russia.", ("UKR", "RUS", "10")),
    ("Israel demanded the release of journalists held by Iran.", ("ISR", None, "10")),
    ("Germany demanded that Turkey free the journalists.", ("DEU", "TUR", "10")),
    # 11 disapprove
    ("France condemned Russia for the attack.", ("FRA", "RUS", "11")),
    ("China criticized Japan over the visit.", ("CHN", "JPN", "11")),
    ("India accused Pakistan of supporting the rebels.", ("IND", "PAK", "11")),
    ("Iran denounced Israel.", ("IRN", "ISR", "11")),
    ("Kenya complained to the United Nations about the border.", ("KEN", "IGOUNO", "11")),
    # 12 reject
    ("Russia rejected the proposal from Ukraine.", ("RUS", "UKR", "12")),
    ("Iran rebuffed France.", ("IRN", "FRA", "12")),
    ("China vetoed the resolution against Syria.", ("CHN", "SYR", "12")),
    ("Turkey refused to meet Syria.", ("TUR", "SYR", "12")),
    ("Israel rejected talks with Iran.", ("ISR", "IRN", "12")),
    # 13 threaten
    ("Russia threatened Ukraine with war.", ("RUS", "UKR", "13")),
    ("Iran threatened to attack Israel.", ("IRN", "ISR", "13")),
    ("The United States warned China over Taiwan.", ("USA", "CHN", "13")),
    ("Germany threatened sanctions against Turkey.", ("DEU", "TUR", "13")),
    ("Pakistan will attack India.", ("PAK", "IND", "13")),
    # 14 protest
    ("Protesters demonstrated against the police in Nairobi.", ("OPP", "COP", "14")),
    ("The opposition protested against the army.", ("OPP", "MIL", "14")),
    ("Protesters rallied against China in Tokyo.", ("OPP", "CHN", "14")),
    ("Protesters blocked the road to the embassy of France.", ("OPP", "FRA", "14")),
    # 15 force posture
    ("Russia deployed troops to Ukraine.", ("RUS", "UKR", "15")),
    ("India mobilized its army against Pakistan.", ("IND", "PAK", "15")),
    ("Egypt massed troops near Israel.", ("EGY", None, "15")),
    # 16 reduce relations
    ("The United States imposed sanctions on Russia.", ("USA", "RUS", "16")),
    ("Egypt cut diplomatic ties with Iran.", ("EGY", "IRN", "16")),
    ("France recalled its ambassador from Turkey.", ("FRA", "TUR", "16")),
    ("Germany suspended aid to Kenya.", ("DEU", "KEN", "16")),
    ("Western sanctions on Russia hurt Iran.", ("WST", "RUS", "16")),
    # 17 coerce
    ("The police arrested protesters in Paris.", ("COP", "OPP", "17")),
    ("Iran detained the rebels.", ("IRN", "REB", "17")),
    ("Turkey deported the rebels to Syria.", ("TUR", "REB", "17")),
    ("The army imposed a curfew on the opposition.", ("MIL", "OPP", "17")),
    ("The police cracked down on protesters.", ("COP", "OPP", "17")),
    # 18 assault
    ("The rebels kidnapped troops from Kenya.", ("REB", "MIL", "18")),
    ("The police tortured protesters.", ("COP", "OPP", "18")),
    ("The rebels assassinated the president of Kenya.", ("REB", "KEN", "18")),
    ("The police beat protesters in Tehran.", ("COP", "OPP", "18")),
    # 19 fight
    ("Russia invaded Ukraine in 2022.", ("RUS", "UKR", "19")),
    ("Moscow's invasion of Ukraine angered Germany.", ("RUSGOV", "UKR", "19")),
    ("Israel attacked Syria on Sunday.", ("ISR", "SYR", "19")),
    ("Troops from Pakistan shelled India.", ("PAK", "IND", "19")),
    ("The army opened fire on protesters.", ("MIL", "OPP", "19")),
    ("Turkey launched an offensive against the rebels.", ("TUR", "REB", "19")),
    ("Russia occupied Ukraine.", ("RUS", "UKR", "19")),
    # 20 mass violence
    ("The army massacred protesters.", ("MIL", "OPP", "20")),
    ("The army slaughtered protesters.", ("MIL", "OPP", "20")),
    # passives
    ("Syria was attacked by Israel.", ("ISR", "SYR", "19")),
    ("Ukraine was invaded by Russia.", ("RUS", "UKR", "19")),
    ("Iran was condemned by France.", ("FRA", "IRN", "11")),
    ("The rebels were arrested by the police.", ("COP", "REB", "17")),
    ("Kenya was praised by Germany.", ("DEU", "KEN", "05")),
    ("India was visited by Japan.", ("JPN", "IND", "04")),
    # compounds
    ("France and Germany condemned Russia.", ("DEU", "RUS", "11")),
    ("France and Germany condemned Russia.", ("FRA", "RUS", "11")),
    ("China criticized Japan and India.", ("CHN", "IND", "11")),
    ("China criticized Japan and India.", ("CHN", "JPN", "11")),
    ("Egypt and Turkey sent aid to Syria.", ("TUR", "SYR", "07")),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_sentence_gives_event(code, text, expected):
    events = code(text)
    assert expected in triples(events), [(e.source.code, e.target.code, e.cameo, e.rule) for e in events]


def test_at_least_100_sentences():
    assert len({t for t, _ in CASES}) >= 100


@pytest.mark.parametrize("text", [
    "China did not sign the agreement with Russia.",
    "France never visited Kenya.",
])
def test_negation_is_kept(code, text):
    events = code(text)
    assert events and all(e.negated for e in events)


@pytest.mark.parametrize("text,root", [
    ("Russia refused to sign the treaty with Ukraine.", "12"),
    ("Iran declined to meet France.", "12"),
])
def test_refusal_is_negated_and_coded_as_rejection(code, text, root):
    events = code(text)
    assert events and events[0].negated and events[0].root == root


@pytest.mark.parametrize("text,modality", [
    ("Xi will visit France next month.", "future"),
    ("Putin plans to visit India.", "future"),
    ("Russia could attack Ukraine.", "hypothetical"),
    ("If France sends troops, Russia would attack Ukraine.", "hypothetical"),
    ("Xi visited France.", "asserted"),
])
def test_modality(code, text, modality):
    events = code(text)
    assert events and events[-1].modality == modality


@pytest.mark.parametrize("text", [
    "Trade between the two nations reached $190 billion last year.",
    "Analysts say the relationship is complicated.",
    "It was a cold and rainy day in Paris.",
    "The report said that growth would slow.",
])
def test_no_event_for_commentary_figures_description(code, text):
    assert code(text) == []


def test_event_fields(code):
    text = "The United States imposed sanctions on Russia in Geneva on Monday."
    (ev,) = [e for e in code(text) if e.cameo == "163"]
    assert ev.id == "E1" and ev.sentence == 0 and ev.quad_class == 4 and ev.goldstein == -8.0
    assert ev.plover == code_info("163").plover and ev.rule == "lexicon:impose+sanction"
    assert text[ev.trigger.start:ev.trigger.end] == "imposed"
    assert ev.evidence == [0, len(text)]
    assert ev.location is not None and ev.location.name == "Geneva"
    assert text[ev.source.start:ev.source.end].lower() == "the united states"
    assert ev.source.actor is not None and ev.target.code == "RUS"


def test_date_from_own_time_expression(nlp):
    from readout.model import Timex
    text = "Russia invaded Ukraine in 2022. Xi visited France."
    doc = nlp(text)
    tx = Timex(text="2022", start=text.index("2022"), end=text.index("2022") + 4, type="DATE", value="2022")
    inp = StageInput(doc=doc, article=Article(text=text, published="2024-03-01"), settings=Settings(),
                     actors=actors_for(text), timexes=[tx])
    dates = {e.cameo[:2]: e.date for e in code_events(inp)}
    assert dates == {"19": "2022", "04": "2024-03-01"}


def test_dateline_location(nlp):
    text = "Xi visited France."
    inp = StageInput(doc=nlp(text), article=Article(text=text, dateline="BEIJING"), settings=Settings(),
                     actors=actors_for(text))
    (ev,) = code_events(inp)
    assert ev.location is not None and ev.location.name == "Beijing"


def test_same_event_once_per_sentence(code):
    events = code("France condemned Russia and condemned Russia again.")
    assert len([e for e in events if e.cameo == "111"]) == 1


def test_never_both_sides_empty(code):
    for text, _ in CASES[:40]:
        for e in code(text):
            assert e.source.text or e.target.text


def test_user_verb_file(code, tmp_path):
    path = tmp_path / "verbs.tsv"
    path.write_text("snub\tverb\t\t\t\t120\tsnub\n", encoding="utf-8")
    assert code("France snubbed Iran.") == [] or all(e.rule != "user:snub" for e in code("France snubbed Iran."))
    events = code("France snubbed Iran.", verb_files=(path,))
    assert [(e.source.code, e.target.code, e.cameo, e.rule) for e in events] == [("FRA", "IRN", "120", "user:snub")]


def test_bad_input_never_raises(nlp):
    doc = nlp("")
    assert code_events(StageInput(doc=doc, article=Article(text=""), settings=Settings())) == []


def test_codebook_complete():
    book = codebook()
    assert len(book) >= 300
    assert code_info("057").name.lower().startswith("sign") and code_info("057").root == "05"
    assert code_info("190").quad_class == 4 and code_info("0231").plover == "REQUEST"


def test_seed_like_article_end_to_end(read):
    record = read("BEIJING: Chinese President Xi Jinping on Wednesday offered Russia firm support. "
                  "Russian Prime Minister Mikhail Mishustin arrived in China on Monday.",
                  published="2023-05-24")
    got = {(e.source.code, e.target.code, e.root) for e in record.events}
    if not record.actors:
        pytest.xfail("actors stage not available")
    assert ("CHNGOV", "RUS", "05") in got
    assert ("RUSGOV", "CHN", "04") in got


# --- second pass: main-predicate preference, nominal arguments, demands, new lexicon entries

NEW_CASES = [
    ("The United Nations will provide 500 tons of food aid to Kenya.", ("IGOUNO", "KEN", "03")),
    ("France said that Iran must release the prisoners.", ("FRA", "IRN", "10")),
    ("Germany issued a reminder to Iran that it must cooperate with the inspectors.", ("DEU", "IRN", "10")),
    ("Russia said that Moscow would attack Ukraine if NATO expanded.", ("RUSGOV", "UKR", "13")),
    ("NATO may halt mediation efforts with Syria if the talks fail.", ("IGOWSTNAT", "SYR", "13")),
    ("Protesters staged a demonstration against the police in Paris.", ("OPP", "COP", "14")),
    ("The opposition began a hunger strike against the army.", ("OPP", "MIL", "14")),
    ("The army strengthened its forces near the border.", ("MIL", None, "15")),
    ("Iran suspended aid deliveries to the rebels.", ("IRN", "REB", "16")),
    ("The rebels blew up a pipeline in Egypt.", ("REB", "EGY", "17")),
    ("The rebels killed three soldiers of the army.", ("REB", "MIL", "19")),
    ("The army has retaken the town from the rebels.", ("MIL", "REB", "19")),
    ("Western sanctions over Russia's invasion of Ukraine hurt trade.", ("WST", "RUS", "16")),
    ("Pakistan dismissed an appeal from India.", ("PAK", "IND", "12")),
]


@pytest.mark.parametrize("text,expected", NEW_CASES)
def test_new_patterns_give_event(code, text, expected):
    events = code(text)
    assert expected in triples(events), [(e.source.code, e.target.code, e.cameo, e.rule) for e in events]


@pytest.mark.parametrize("text,kept,dropped", [
    # relative and temporal clauses are background to the main event
    ("France condemned Iran after the police arrested protesters.", "11", "17"),
    ("Egypt hosted Kenya, whose troops had attacked the rebels.", "04", "19"),
    # a participle elaborating the main event
    ("Protesters rioted in Paris, setting fire to cars.", "14", "18"),
    # the demand of a protest is its aim, not a second event
    ("Protesters marched against the police in Berlin to demand reforms.", "14", "10"),
    # a nominal mention next to a main-clause event
    ("Turkey criticized Israel over the raids on Syria.", "11", "19"),
])
def test_main_predicate_preferred(code, text, kept, dropped):
    roots = {e.root for e in code(text)}
    assert kept in roots and dropped not in roots, roots


def test_background_event_kept_when_alone(code):
    """A sentence whose only event is in a relative clause still reports it."""
    assert "19" in {e.root for e in code("It was a town that the rebels attacked in 2020.")} or \
        "19" in {e.root for e in code("The town, which the army attacked, was empty.")}


def test_topic_modifier_is_not_a_target(code):
    events = code("China signed an agreement with Brazil on Russian grain exports.")
    assert ("CHN", "BRA", "05") in triples(events)
    assert all(e.target.code != "RUS" for e in events)


def test_two_countries_are_the_articles_dyad(code):
    text = ("India and Pakistan held talks in Geneva. India praised Pakistan. "
            "Ministers from the two countries signed an agreement.")
    got = {(e.source.code, e.target.code, e.cameo) for e in code(text) if e.sentence == 2}
    assert got & {("IND", "PAK", "057"), ("PAK", "IND", "057")}, got


def _actor(i: str, name: str, code: str, text: str) -> Actor:
    s = text.index(name)
    return Actor(id=i, name=name, code=code, country=code[:3], mentions=[[s, s + len(name)]])


def test_coordinated_targets_of_same_code_each_get_an_event(nlp):
    text = "Putin met Premier Li Qiang and President Xi Jinping in Beijing."
    actors = [_actor("P", "Putin", "RUSGOV", text), _actor("L", "Li Qiang", "CHNGOV", text),
              _actor("X", "Xi Jinping", "CHNGOV", text)]
    inp = StageInput(doc=nlp(text), article=Article(text=text), settings=Settings(), actors=actors)
    targets = {e.target.actor for e in code_events(inp) if e.root == "04"}
    assert targets == {"L", "X"}


def test_meeting_as_setting_takes_the_clause_subject(code):
    events = code("Xi offered support to Putin at a meeting with Putin in Beijing.")
    assert ("CHNGOV", "RUSGOV", "04") in triples(events)


def test_same_nominal_event_shares_its_date(nlp):
    from readout.model import Timex
    text = "Moscow's invasion of Ukraine shocked Europe. Exports fell after Moscow's invasion of Ukraine in 2022."
    doc = nlp(text)
    i = text.index("2022")
    tx = Timex(text="2022", start=i, end=i + 4, type="DATE", value="2022")
    inp = StageInput(doc=doc, article=Article(text=text, published="2024-03-01"), settings=Settings(),
                     actors=actors_for(text), timexes=[tx])
    dates = [e.date for e in code_events(inp) if e.root == "19"]
    assert dates == ["2022", "2022"]


def test_misparsed_lemma_still_matches(code):
    """spaCy lemmatizes 'staged' as 'stag': the coder also tries the word's own forms."""
    assert "14" in {e.root for e in code("The opposition staged mass demonstrations in Paris.")}


def test_attempted_act_is_the_act(code):
    events = code("The rebels attempted to assassinate the Prime Minister of Egypt.")
    assert "18" in {e.root for e in events} and "13" not in {e.root for e in events}


# who → whom: names of the sentences below → actor codes (the country is the code's first three letters)
DYAD_KB = {
    "Poland": "POL", "Belarusian troops": "BLRMIL", "Chile": "CHL", "Peru": "PER",
    "Syrian jets": "SYRMIL", "Turkish army": "TURMIL", "Norway": "NOR", "Sweden": "SWE",
    "Austria": "AUT", "Italian": "ITA", "Georgia": "GEO", "Armenian": "ARM", "Bolivia": "BOL",
    "Brazil": "BRA", "Chilean students": "CHLEDU", "Rebels in Peru": "PERREB", "Lima": "PER",
    "Mexican ministers": "MEXGOV", "Canada": "CANGOV", "Western": "WST", "Ottawa": "CANGOV",
    "Danish": "DNK", "Greek": "GRC", "Iran": "IRN", "International Atomic Energy Agency": "IGOUNOIAE",
    "Vietnam": "VNM", "China": "CHN", "Kenyan": "KEN", "Nairobi": "KENGOV", "Algeria": "DZA",
}


@pytest.fixture(scope="module")
def code_dyad(nlp):
    def run(text: str):
        actors, taken = [], []
        for i, (name, code) in enumerate(sorted(DYAD_KB.items(), key=lambda kv: -len(kv[0]))):
            spans = [[m.start(), m.end()] for m in re.finditer(r"\b" + re.escape(name) + r"\b", text)
                     if not any(s < m.end() and m.start() < e for s, e in taken)]
            taken.extend(spans)
            if spans:
                actors.append(Actor(id=f"D{i}", name=name, code=code,
                                    country=None if code[:3] in ("IGO", "WST") else code[:3], mentions=spans))
        inp = StageInput(doc=nlp(text), article=Article(text=text, published="2024-03-01"),
                         settings=Settings(), actors=actors)
        return code_events(inp)
    return run


DYAD_CASES = [
    # whose act the event noun is: its "of" object, "by" agent or possessor
    ("Poland demanded the withdrawal of Belarusian troops from the border.", ("POL", "BLRMIL", "10")),
    ("Chile rejected the proposals by Peru for a new border.", ("CHL", "PER", "12")),
    ("Vietnam condemned China's seizure of the fishing boats.", ("VNM", "CHN", "11")),
    # the owner of a thing acted on
    ("Syrian jets bombed the positions of the Turkish army near the river.", ("SYRMIL", "TURMIL", "18")),
    ("Iran expelled inspectors of the International Atomic Energy Agency.", ("IRN", "IGOUNOIAE", "16")),
    # the subject of a demanded clause
    ("Norway demanded that Sweden return the fishing boats.", ("NOR", "SWE", "10")),
    # "against" names its target even through a modifier; a place noun stands for its country
    ("Austria threatened to impose tariffs against Italian wine.", ("AUT", "ITA", "13")),
    ("Georgia sent food aid to the Armenian capital.", ("GEO", "ARM", "07")),
    # a known actor beats an unknown sent object
    ("Brazil dispatched inspectors to Bolivia.", ("BRA", "BOL", "09")),
    # a protest naming no one is aimed at the government (its own, or the place's)
    ("Thousands of Chilean students demonstrated on Monday.", ("CHLEDU", "CHLGOV", "14")),
    ("Kenyan workers went on strike in Algeria.", ("KEN", "DZA", "14")),
    # rebels are not their country: a target in their own country stays
    ("Rebels in Peru blocked roads into Lima.", ("PERREB", "PER", "14")),
    # a second object after a comma is an apposition, not the target
    ("Mexican ministers held talks with Canada on Monday, the first Western delegation to visit "
     "Ottawa this year.", ("MEXGOV", "CANGOV", "04")),
]


@pytest.mark.parametrize("text,expected", DYAD_CASES)
def test_dyad(code_dyad, text, expected):
    events = code_dyad(text)
    assert expected in triples(events), [(e.source.code, e.target.code, e.cameo, e.rule) for e in events]


def test_apposition_is_not_a_target(code_dyad):
    events = code_dyad("Mexican ministers held talks with Canada on Monday, the first Western delegation "
                       "to visit Ottawa this year.")
    assert all(e.target.code != "WST" for e in events)


def test_verb_form_used_as_noun_is_no_trigger(code_dyad):
    """'evacuated the wounded': an aid event, no assault."""
    roots = {e.root for e in code_dyad("Danish helicopters evacuated the wounded from the Greek island.")}
    assert "07" in roots and "18" not in roots and "19" not in roots


def test_implicit_target_only_for_protests(code_dyad):
    events = code_dyad("Chile agreed on Monday.")
    assert all(e.target.code is None for e in events)
