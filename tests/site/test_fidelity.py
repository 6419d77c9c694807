"""The site tells the source guide's story in its own words.

What a reader sees on the built pages must not repeat the source's prose: no run of 8 or more
consecutive words in common (figures aside), and under 2% of the source's word 6-grams anywhere
on the site. Text is compared after lower-casing and dropping punctuation; a run never crosses a
paragraph, list item, table cell or heading of either text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[2]
# A copy of the source guide kept beside the test, so it runs in CI and in a fresh clone too.
SOURCE = Path(__file__).with_name("fidelity_source.txt")

LONGEST_ALLOWED_RUN = 7  # words; 8 in a row is quoting
SHINGLE = 6  # words per n-gram for the overlap share
MAX_SHARED_SHARE = 0.02  # of the source's distinct 6-grams

# Elements whose end starts a new block of text: a shared run may not span two blocks.
BLOCK_TAGS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt"),
        *("fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5"),
        *("h6", "header", "hr", "label", "legend", "li", "main", "nav", "ol", "option", "p"),
        *("pre", "section", "select", "summary", "table", "td", "textarea", "th", "tr", "ul"),
    }
)
# Not visible text: scripts, styles and the pilcrow links that Material adds to headings.
HIDDEN_TAGS = frozenset({"script", "style", "template", "noscript", "svg"})
VOID_TAGS = frozenset({"br", "hr", "img", "input", "meta", "link", "source", "wbr", "col"})

WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """Lower-cased words, punctuation dropped ("Fine-tuning's" -> fine, tuning, s), spelled one
    way: British spelling or a plural does not make a copied sentence our own."""
    return [_one_spelling(word) for word in WORD.findall(text.lower())]


def _one_spelling(word: str) -> str:
    word = re.sub(r"(?<=[a-z]{3})is(e|ed|es|ing|ation)$", r"iz\1", word)  # specialise -> -ize
    word = re.sub(r"(?<=[a-z]{4})our", "or", word)  # behaviour(al) -> behavior(al)
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]  # systems -> system
    return word


def is_figure(word: str) -> bool:
    return any(ch.isdigit() for ch in word)


def source_blocks(text: str) -> list[list[str]]:
    """The source's paragraphs, headings and bullets, one list of words each. Its title (the
    first line, repeated below the summary) is a name, not prose: the site cites it."""
    lines = text.splitlines()
    title = lines[0].strip() if lines else ""
    return [w for line in lines if line.strip() != title and (w := words(line))]


class _VisibleText(HTMLParser):
    """Collects the text of a page's article (not the navigation), one entry per block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._current: list[str] = []
        self._article_depth = 0  # > 0 while inside <article>
        self._hidden_depth = 0
        self._stack: list[tuple[str, bool]] = []  # open elements, and whether each hides text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "article":
            self._article_depth += 1
        if tag in BLOCK_TAGS:
            self._flush()
        if tag in VOID_TAGS:
            return  # void elements have no end tag to balance the stack
        hidden = (
            tag in HIDDEN_TAGS
            or "hidden" in dict(attrs)
            or "headerlink" in classes
            or "md-source-file" in classes
        )
        self._stack.append((tag, hidden))
        if hidden:
            self._hidden_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self._flush()
        if any(open_tag == tag for open_tag, _ in self._stack):
            while self._stack:  # closes whatever the page left open inside this element
                open_tag, hidden = self._stack.pop()
                self._hidden_depth -= hidden
                if open_tag == tag:
                    break
        if tag == "article":
            self._article_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._article_depth > 0 and self._hidden_depth == 0:
            self._current.append(data)

    def _flush(self) -> None:
        text = "".join(self._current).strip()
        if text:
            self.blocks.append(text)
        self._current = []

    def close(self) -> None:
        super().close()
        self._flush()


def page_blocks(html: str) -> list[list[str]]:
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return [w for block in parser.blocks if (w := words(block))]


def site_blocks(site: Path) -> dict[str, list[list[str]]]:
    """Every built page's visible article text, keyed by its path in the site."""
    return {
        str(page.relative_to(site)): page_blocks(page.read_text(encoding="utf-8"))
        for page in sorted(site.rglob("*.html"))
    }


def ngrams(block: list[str], n: int) -> Iterator[tuple[str, ...]]:
    return (tuple(block[i : i + n]) for i in range(len(block) - n + 1))


@dataclass(frozen=True)
class SharedRun:
    page: str
    words: tuple[str, ...]

    @property
    def length(self) -> int:
        """Words in the run, figures not counted (the guide's numbers may be quoted)."""
        return sum(1 for w in self.words if not is_figure(w))

    def __str__(self) -> str:
        return f"{self.page}: {' '.join(self.words)!r} ({self.length} words)"


def shared_runs(
    source: list[list[str]], pages: dict[str, list[list[str]]], shortest: int
) -> list[SharedRun]:
    """Maximal runs of consecutive words that a page block and a source block have in common,
    counting `shortest` words or more (figures not counted)."""
    seeds = {gram for block in source for gram in ngrams(block, 2)}
    source_text = [" " + " ".join(block) + " " for block in source]

    def in_source(run: list[str]) -> bool:
        needle = " " + " ".join(run) + " "
        return any(needle in text for text in source_text)

    found: list[SharedRun] = []
    for page, blocks in pages.items():
        for block in blocks:
            start = 0
            while start < len(block) - 1:
                if tuple(block[start : start + 2]) not in seeds or not in_source(
                    block[start : start + 2]
                ):
                    start += 1
                    continue
                end = start + 2
                while end < len(block) and in_source(block[start : end + 1]):
                    end += 1
                run = SharedRun(page=page, words=tuple(block[start:end]))
                if run.length >= shortest:
                    found.append(run)
                start = end if run.length >= shortest else start + 1
    return found


def shared_share(source: list[list[str]], pages: dict[str, list[list[str]]], n: int) -> float:
    """The share of the source's distinct word n-grams that appear anywhere on the site."""
    source_grams = {gram for block in source for gram in ngrams(block, n)}
    site_grams = {
        gram for blocks in pages.values() for block in blocks for gram in ngrams(block, n)
    }
    return len(source_grams & site_grams) / len(source_grams)


def distinct(runs: Iterable[SharedRun]) -> list[SharedRun]:
    """One entry per distinct run of words (a sentence repeated on two pages counts once)."""
    seen: dict[tuple[str, ...], SharedRun] = {}
    for run in runs:
        seen.setdefault(run.words, run)
    return list(seen.values())


@pytest.fixture(scope="module")
def source() -> list[list[str]]:
    return source_blocks(SOURCE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pages(built_site: Path) -> dict[str, list[list[str]]]:
    return site_blocks(built_site)


# --- The checks on the built site ----------------------------------------------------------------


def test_no_page_repeats_eight_words_of_the_source_in_a_row(
    source: list[list[str]], pages: dict[str, list[list[str]]]
) -> None:
    runs = distinct(shared_runs(source, pages, shortest=LONGEST_ALLOWED_RUN + 1))
    assert [str(run) for run in runs] == []


def test_under_two_percent_of_the_source_word_6_grams_appear_on_the_site(
    source: list[list[str]], pages: dict[str, list[list[str]]]
) -> None:
    assert shared_share(source, pages, SHINGLE) < MAX_SHARED_SHARE


def test_the_text_checked_is_the_guide_itself(pages: dict[str, list[list[str]]]) -> None:
    """Guards the two checks above: an extractor that found no text would pass them vacuously."""
    guide_words = sum(
        len(block)
        for name, blocks in pages.items()
        for block in blocks
        if not name.startswith("calculator")
    )
    assert guide_words > 3000
    assert any("decision" in block for block in pages["decision-framework/index.html"])


# --- The measuring tools, on small texts with known answers ---------------------------------------


def test_a_copied_sentence_is_found_as_one_run() -> None:
    source = source_blocks("Title\nStart simple. Add complexity only when the simpler one fails.")
    page = page_blocks(
        "<article><p>We say: <em>add complexity only when</em> the simpler one fails!</p></article>"
    )
    runs = shared_runs(source, {"a.html": page}, shortest=8)
    assert [run.words for run in runs] == [
        tuple(words("add complexity only when the simpler one fails"))
    ]


def test_a_run_does_not_continue_across_two_blocks_of_the_page() -> None:
    source = source_blocks("Title\none two three four five six seven eight")
    page = page_blocks(
        "<article><li>one two three four</li><li>five six seven eight</li></article>"
    )
    assert shared_runs(source, {"a.html": page}, shortest=8) == []


def test_figures_do_not_count_towards_a_run() -> None:
    source = source_blocks("Title\nroughly $3-8 per million tokens of training data")
    page = page_blocks("<article><p>about $3–8 per million tokens of training data</p></article>")
    runs = shared_runs(source, {"a.html": page}, shortest=1)
    assert [run.length for run in runs] == [6]


def test_text_outside_the_article_and_hidden_text_are_ignored() -> None:
    html = (
        "<nav>navigation words</nav><article><h2>Title<a class='headerlink'>¶</a></h2>"
        "<script>var hidden = 1;</script><p>shown</p></article><footer>footer</footer>"
    )
    assert page_blocks(html) == [["title"], ["shown"]]


def test_the_share_counts_distinct_source_6_grams() -> None:
    source = source_blocks("Title\na b c d e f g h")  # three distinct 6-grams
    page = {"a.html": page_blocks("<article><p>x a b c d e f y</p></article>")}
    assert shared_share(source, page, 6) == pytest.approx(1 / 3)


def test_british_spelling_and_plurals_do_not_hide_a_copied_run() -> None:
    source = source_blocks("Title\nYou need both behavioral specialization and current knowledge")
    page = page_blocks(
        "<article><li>You need both behavioural specialisation and current knowledges</li>"
        "</article>"
    )
    assert [run.length for run in shared_runs(source, {"a.html": page}, shortest=1)] == [8]


def test_citing_the_source_by_its_title_is_not_copying() -> None:
    title = "Fine-Tuning vs RAG: Which Should I Use for My AI Project? A Decision Guide"
    source = source_blocks(f"{title}\nA summary.\n{title}\nThe body.")
    page = page_blocks(f"<article><p><em>{title}</em>, adapted.</p></article>")
    assert shared_runs(source, {"a.html": page}, shortest=3) == []
