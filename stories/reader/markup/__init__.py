"""The HTML of an update and of a claim, written in Python rather than in template nodes.

An update with its claims is most of a story page: through Django's template engine
(some 1,400 nodes each) an uncached page of 20 updates cost about 100 ms of CPU. Here
each element is one ``html()`` call (``html.py``, Django's ``format_html`` without its
checks for lazy values), which escapes every value it is given unless it is already
safe HTML (the sanitised ``body_html``, and the elements made here); the fixed words are
translated once per language (``words.py``) and the addresses reversed once per URL
configuration (``links.py``). The key-events box's list is made here too.

The ids, classes, aria and data attributes are a contract with static/js, the browser
tests and the live cursor's clients; tests/reader/test_markup.py holds what readers
must see.
"""

from stories.reader.markup.claim import claim_html
from stories.reader.markup.setting import Setting
from stories.reader.markup.update import update_html

__all__ = ["Setting", "claim_html", "update_html"]
