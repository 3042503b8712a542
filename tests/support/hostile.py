"""Hostile input for property tests: what people type into URLs and forms to break them."""

from urllib.parse import quote

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.support.figures import count

# Values that have broken web apps: numbers out of range, signs, exponents, padding,
# control characters, path tricks, markup, SQL, format strings and odd Unicode.
KNOWN_BAD = [
    "",
    " ",
    "0",
    "-1",
    "-0",
    "+1",
    "1e5",
    "1.5",
    "0x10",
    "٣",  # an Arabic-Indic digit: str.isdigit() says yes, int() agrees, a regex may not
    "²",  # a superscript two: isdigit() says yes, int() refuses
    "9" * 19,
    "9" * 40,
    "-" + "9" * 40,
    "99999999999999999-1",
    "-99999999999999999-1",
    "1-99999999999999999999",
    "1-1\n",
    "\x00",
    "1\x00",
    "a\x00b",
    "\r\nSet-Cookie: x=1",
    "../../etc/passwd",
    "%00",
    "%2e%2e%2f",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "{{ settings.SECRET_KEY }}",
    "%s%s%s%n",
    "\u202e\u0041\u200b",
    "\ud7ff\ufffd\uffff",
    "🔥" * 50,
    "x" * 5000,
    "null",
    "undefined",
    "NaN",
    "[]",
    "{}",
]


def url_text() -> st.SearchStrategy[str]:
    """Any text a client can put in a URL, weighted towards the known troublemakers."""
    return st.one_of(
        st.sampled_from(KNOWN_BAD),
        st.integers(min_value=-(10**40), max_value=10**40).map(str),
        st.text(
            alphabet=st.characters(blacklist_categories=["Cs"]),
            max_size=300,
        ),
        st.text(alphabet="0123456789-", min_size=1, max_size=45),
    )


# Tried first on every run, whatever Hypothesis picks after them.
ALWAYS_TRIED = ("\x00", "9" * 40, "x" * 5000)


def for_hostile_values(max_examples: int = 150):
    """Run the decorated ``check(value)`` on hostile text: known troublemakers, then more.

    The check runs inside a test, under pytest-django's database and client fixtures.
    """

    def decorate(check):
        check = given(value=url_text())(check)
        for value in reversed(ALWAYS_TRIED):
            check = example(value=value)(check)
        return settings(
            max_examples=max_examples,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture],
        )(check)

    return decorate


def quoted(value: str) -> str:
    return quote(value, safe="")


def answer(client, method: str, *args, **kwargs):
    """The response, with a crash turned into the 500 a real client would get."""
    client.raise_request_exception = False
    return getattr(client, method)(*args, **kwargs)


def assert_clean_refusal(response, what: str, *, form: bool = False) -> None:
    """Never a server error; a refusal is a 4xx with a short message, not a stack trace.

    With ``form``, a refusal may instead be the form sent back with its errors (422).
    """
    count("hostile requests tried")
    count("hostile requests answered 5xx", response.status_code >= 500)
    assert response.status_code < 500, f"{what}: {response.status_code}"
    if form and response.status_code == 422:
        assert b"errorlist" in response.content, what
    elif response.status_code >= 400:
        body = response.content
        assert len(body) < 4000, f"{what}: {len(body)} bytes"
        assert b"Traceback" not in body and b"OperationalError" not in body, what
