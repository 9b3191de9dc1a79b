"""Whatever is posted, the analyzer returns a sane Assessment (see _support.assert_sane)."""
from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.cli import analyze_jsonl
from bot.core.analyzer import MAX_CHARS

from ._support import assert_sane

SCENARIO = "I'm a therapist and my best friend wants to start therapy with me."
PROSE = "I'm a dentist in a small town and my cousin wants a cleaning, but I worry the other patients will talk. "

EXPLICIT = {
    "empty": "",
    "space": " ",
    "whitespace": " \n\t\r\u00a0\u3000 ",
    "newlines": "\n" * 500,
    "emoji": "😀🙏🏽👩‍⚕️❤️‍🔥 🇺🇸",
    "emoji scenario": "I'm a therapist 🧠 and my best friend 👯 wants therapy with me 😬",
    "zalgo": "I̸̡̢̛'̷m̶ ̴a̶ ̶t̵h̸e̷r̷a̵p̴i̴s̸t̷ a̴̰͂n̸͉̈d̶̰͠ m̴y̶ s̷i̸s̴t̵e̸r̷ wants therapy",
    "zalgo only": "\u0301\u0302\u0303\u0304" * 50,
    "code block": "```python\nprint('I am a therapist and my sister wants therapy')\n```",
    "unclosed code": "```\nI'm a lawyer and my brother needs a will",
    "mentions": "<@123456789012345678> <@!42> <@&99> <#5> @everyone @here is my therapist also my aunt?",
    "custom emoji": "<:pepe:123456789> <a:dance:987654321> my dentist is my uncle",
    "markdown": "**I'm a nurse** and __my brother__ is ~~not~~ my ||patient|| `now`",
    "jinja": "{{ 7*7 }} {% for x in range(10) %}{{ x }}{% endfor %} {# c #} my therapist is my friend",
    "format": "{0} %s %(x)s ${HOME} $(whoami) `rm -rf /`",
    "html": "<script>alert(1)</script><b>I'm a doctor</b> and my wife is my patient",
    "rtl": "\u202eI'm a therapist and my sister\u202c \u200f wants therapy \u200e",
    "zero width": "I'm a ther\u200bapist and my sis\u200dter wants the\ufeffrapy\u2060",
    "spanish": "Soy terapeuta y mi mejor amiga quiere empezar terapia conmigo. ¿Está bien?",
    "chinese": "我是心理治疗师，我最好的朋友想找我做心理咨询。可以吗？",
    "arabic": "أنا معالج نفسي وصديقي المقرب يريد أن يبدأ العلاج معي. هل هذا مقبول؟",
    "mixed scripts": "I'm a therapist (معالج) and my 朋友 wants therapy",
    "fullwidth": "ｉ'ｍ ａ ｔｈｅｒａｐｉｓｔ ａｎｄ ｍｙ ｓｉｓｔｅｒ ｗａｎｔｓ ｔｈｅｒａｐｙ",
    "control chars": "I'm a \x00therapist\x07 and my \x1bsister wants therapy\x7f",
    "punctuation": "?!?!?!...,,,;;;:::---___***",
    "numbers": "1234567890 " * 20,
    "url": "https://example.com/therapist?client=my+sister&x=1 what do you think",
    "one char": "a",
    "question mark": "?",
    "json": '{"id": 1, "text": "I am a therapist"}',
    "very long word": "a" * 5000,
    "repeated scenario": SCENARIO * 30,
    # cut off on the article: the "X's a <job>" reading once looked one word past the end
    "cut off after 's a": "My GP is lovely. For anyone else, my mum's a",
}


@pytest.mark.parametrize("text", list(EXPLICIT.values()), ids=list(EXPLICIT))
def test_explicit_bad_inputs(analyzer, text: str) -> None:
    a = analyzer.analyze(text)
    assert_sane(a)
    assert not a.truncated


def test_blank_posts_are_other(analyzer) -> None:
    for text in ("", " ", "\n\t", "\u200b\u200b"):
        a = analyzer.analyze(text)
        assert a.intent == "other" and a.verdict is None, repr(text)


def test_discord_syntax_still_reads_the_scenario(analyzer) -> None:
    a = analyzer.analyze("**I'm a therapist** and <@123456789> is my ||best friend||, she wants therapy with me")
    assert a.intent == "scenario" and a.profession_group == "mental_health"


def test_templates_are_not_evaluated(analyzer) -> None:
    a = analyzer.analyze("{{ 7*7 }} and {% for x in y %} my therapist is my friend")
    assert "{{ 7*7 }}" in a.text and "49" not in a.text


def test_non_string_is_a_type_error(analyzer) -> None:
    with pytest.raises(TypeError):
        analyzer.analyze(None)  # type: ignore[arg-type]


# prepare() breaks runs without spaces every 40 characters, after the cut: that
# may add up to 1/40 to the analysed text
CAP_SLACK = 1.05


def test_truncated_at_the_cap(analyzer) -> None:
    exact = analyzer.analyze("a" * MAX_CHARS)
    assert not exact.truncated
    over = analyzer.analyze("I'm a therapist. " + "a" * MAX_CHARS)
    assert over.truncated
    assert len(over.text) <= MAX_CHARS * CAP_SLACK
    assert_sane(over)


def test_normalisation_cannot_grow_past_the_cap(analyzer) -> None:
    a = analyzer.analyze("\ufdfa" * 4000)
    assert len(a.text) <= MAX_CHARS * CAP_SLACK, len(a.text)


def test_200k_char_post_finishes(analyzer) -> None:
    text = (PROSE * (200_000 // len(PROSE) + 1))[:200_000]
    start = time.perf_counter()
    a = analyzer.analyze(text)
    elapsed = time.perf_counter() - start
    print(f"\n200,000-char post analysed in {elapsed:.1f} s")
    assert a.truncated
    assert len(a.text) <= MAX_CHARS * CAP_SLACK
    assert_sane(a)
    assert a.intent == "scenario"
    assert elapsed < 180, elapsed  # ~10-25 s on the 2-core dev machine


def test_batch_matches_single_on_bad_inputs(analyzer) -> None:
    texts = list(EXPLICIT.values())
    batch = analyzer.analyze_many(texts, batch_size=4)
    assert len(batch) == len(texts)
    for text, a in zip(texts, batch):
        assert a.to_record() == analyzer.analyze(text).to_record(), repr(text[:50])


def test_lone_surrogate(analyzer) -> None:
    assert_sane(analyzer.analyze("I'm a therapist \ud800 and my sister wants therapy"))


def test_jsonl_run_survives_a_lone_surrogate(analyzer) -> None:
    lines = ['{"id": 1, "text": "lol"}', '{"id": 2, "text": "my therapist \\ud800 is my aunt"}', '{"id": 3, "text": "hi"}']
    records = list(analyze_jsonl(analyzer, lines))
    assert [r["id"] for r in records] == [1, 2, 3]


def test_analyze_jsonl_in_process(analyzer) -> None:
    lines = [
        '{"id": "a", "text": "I\'m a therapist and my sister wants therapy."}',
        "not json",
        '{"id": "b"}',
        '{"id": "c", "text": 42}',
        "[1, 2, 3]",
        "null",
        '"a string"',
        "[" * 100_000 + "]" * 100_000,
        '{"text": "lol"}',
        '{"id": 7, "text": ""}',
    ]
    records = list(analyze_jsonl(analyzer, lines))
    assert len(records) == len(lines)
    assert [r.get("id") for r in records] == ["a", None, "b", "c", None, None, None, None, None, 7]
    assert records[0]["intent"] == "scenario"
    for i in (1, 2, 3, 4, 5, 6, 7):
        assert set(records[i]) == {"id", "error"} and records[i]["error"], records[i]
    assert records[8]["intent"] == "other" and records[9]["intent"] == "other"


# -- property-based ----------------------------------------------------------------------
FRAGMENTS = [
    SCENARIO, "my sister", "my best friend's husband", "I'm a nurse", "my client", "former", "not", "never",
    "only therapist for 60 miles", "plenty of dentists", "😀", "🙏🏽", "<@123>", "**", "||", "```", "{{ 7*7 }}",
    "{% for %}", "\u200b", "\u202e", "\u0301\u0301\u0301", "¿Qué?", "我是医生", "طبيب", "?", "!", "\n", "  ", "—",
    "she's not my client anymore", "I want to date her", "we live in a tiny village", "lol", "what's a dual relationship",
]
printable = st.characters(blacklist_categories=("Cs",))  # lone surrogates: see test_lone_surrogate


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=printable, max_size=400))
def test_any_text_gives_a_sane_record(analyzer, text: str) -> None:
    assert_sane(analyzer.analyze(text))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet=printable, max_size=20)), max_size=25), st.sampled_from([" ", "", "\n", ", "]))
def test_mixed_fragments_give_a_sane_record(analyzer, parts: list[str], sep: str) -> None:
    assert_sane(analyzer.analyze(sep.join(parts)))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=printable, max_size=200))
def test_noise_after_a_scenario_stays_sane(analyzer, noise: str) -> None:
    """Noise after a clear scenario never makes a crash or a nonsense record."""
    a = analyzer.analyze(SCENARIO + "\n\n" + noise)
    assert_sane(a)


@pytest.mark.parametrize("char", ["!", "\U0001F600"], ids=["bang", "emoji"])
def test_unspaced_symbol_run_costs_about_as_much_as_prose(analyzer, char: str) -> None:
    """spaCy's tokenizer is quadratic on runs without spaces; prepare() must break them."""
    n = 4000  # a Discord (Nitro) post's limit
    prose = (PROSE * (n // len(PROSE) + 1))[:n]
    start = time.perf_counter()
    analyzer.analyze(prose)
    t_prose = time.perf_counter() - start
    start = time.perf_counter()
    assert_sane(analyzer.analyze(char * n))
    t_run = time.perf_counter() - start
    print(f"\n{n} x {char!r}: {t_run:.2f} s; {n} chars of prose: {t_prose:.2f} s")
    assert t_run < max(1.0, 10 * t_prose), (t_run, t_prose)


class _BrokenOnMarker:
    """The real analyzer, except that one post trips a fault, as a bug in a
    component would: the rest of the batch must still get its records."""

    MARKER = "TRIP-THE-FAULT"

    def __init__(self, real) -> None:
        self.real = real

    def analyze(self, text: str):
        if self.MARKER in text:
            raise RuntimeError("simulated component bug")
        return self.real.analyze(text)

    def iter_analyze(self, texts):
        texts = list(texts)
        if any(self.MARKER in t for t in texts):
            raise RuntimeError("simulated component bug")
        return self.real.iter_analyze(texts)


def test_jsonl_run_survives_a_component_fault(analyzer, caplog) -> None:
    lines = [
        '{"id": 1, "text": "My brother-in-law is my dentist."}',
        '{"id": 2, "text": "TRIP-THE-FAULT my therapist is my aunt"}',
        '{"id": 3, "text": "I\'m a counsellor and my best friend wants sessions."}',
    ]
    with caplog.at_level("ERROR", logger="bot.cli"):
        records = list(analyze_jsonl(_BrokenOnMarker(analyzer), lines))
    assert [r["id"] for r in records] == [1, 2, 3]
    assert records[0]["intent"] == "scenario" and records[2]["intent"] == "scenario"
    assert set(records[1]) == {"id", "error"} and "internal error" in records[1]["error"]
    assert "TRIP-THE-FAULT" not in records[1]["error"]  # the post's text is not echoed back
    assert any("failed" in r.message for r in caplog.records)


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("u already know the story bro", "you already know the story bro"),
        ("doesnt want to go into details w/ me bc ur his sister", "doesnt want to go into details with me because your his sister"),
        ("my aunt is my optometrist lol", "my aunt is my optometrist, lol"),
        ("lol my dentist asked me out", "lol, my dentist asked me out"),
        # abbreviations and words that only look like chat spellings stay as written
        ("U.S. law, and Lolita is a book", "U.S. law, and Lolita is a book"),
        ("w/o a referral", "w/o a referral"),
        # dialect possessives before words for people, and Scots spellings
        ("Ma cousin wants me tae be her dentist.", "My cousin wants me to be her dentist."),
        ("She's no ma client anymore, can I ask her oot?", "She's no my client anymore, can I ask her out?"),
        ("She's started giving me little paintings.", "She's started giving me little paintings."),
        ("Me and my wife are fine. Ma, can you help?", "Me and my wife are fine. Ma, can you help?"),
        # Scots negatives (and "ken" only after one), Caribbean "ent", dropped g's
        ("Ah've never telt my mam, she doesnae ken.", "Ah've never told my mam, she doesn't know."),
        ("Ken is my dentist and I ent going back.", "Ken is my dentist and I ain't going back."),
        ("mih brother keeps callin' me, he's startin' to worry.", "my brother keeps calling me, he's starting to worry."),
        # a quote closed after a word ending in "in", and nouns in "-in", stay as written
        ("She calls him 'cousin' at work. The cabin' roof leaks.", "She calls him 'cousin' at work. The cabin' roof leaks."),
        ("He said 'stop botherin' me' and left.", "He said 'stop botherin' me' and left."),
    ],
)
def test_chat_spellings_are_spelled_out(raw: str, clean: str) -> None:
    from bot.core.textprep import prepare

    assert prepare(raw) == (clean, False)


def test_chat_filler_no_longer_derails_the_parse(analyzer) -> None:
    # with "lol" read as the attribute, the best friend's mum was not linked to the job
    a = analyzer.analyze("my midwife is my best friend's mum lol, she actually delivered me too back in the day. is that a conflict?")
    assert "clouded_judgment" in a.risk_ids, a.to_record()
