"""Who has made a thread's claim, as one plain label readers understand.

The label is derived from the claims of a thread (those readers can see, or those made
by a given moment in the time view), never typed. The rules, in this order (the README
repeats them):

1. A claim of the thread contradicts it: "Contradicted by <source>", naming the first
   source to contradict it (and how many others did).
2. One source supports it: "Single source".
3. Two or more sources support it and at least one of them is independent (belongs to
   no party of the conflict): "Corroborated by an independent source".
4. Two or more sources, all of one side: "N sources, same side".
5. Two or more sources of different sides: "N sources, from different sides".
6. Otherwise (two or more sources whose sides are not all known): "N sources".

Sources are counted once however often they repeat the claim.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Corroboration:
    label: str
    # The distinct sources supporting and contradicting the thread, first made first.
    supporting: list = field(default_factory=list)
    contradicting: list = field(default_factory=list)

    @property
    def is_contradicted(self) -> bool:
        return bool(self.contradicting)


def _distinct_sources(claims) -> list:
    seen, sources = set(), []
    for claim in claims:
        if claim.source_id not in seen:
            seen.add(claim.source_id)
            sources.append(claim.source)
    return sources


def _contradicted_label(contradicting: list) -> str:
    first, others = contradicting[0].name, len(contradicting) - 1
    if not others:
        return _("Contradicted by %(source)s") % {"source": first}
    return ngettext(
        "Contradicted by %(source)s and %(count)d other source",
        "Contradicted by %(source)s and %(count)d other sources",
        others,
    ) % {"source": first, "count": others}


def _supported_label(supporting: list) -> str:
    count = len(supporting)
    if count == 1:
        return _("Single source")
    if any(source.is_independent for source in supporting):
        return _("Corroborated by an independent source")
    sides = {source.side.casefold() for source in supporting}
    if "" not in sides and len(sides) == 1:
        return ngettext("%(count)d source, same side", "%(count)d sources, same side", count) % {
            "count": count
        }
    if len(sides - {""}) >= 2:
        return ngettext(
            "%(count)d source, from different sides",
            "%(count)d sources, from different sides",
            count,
        ) % {"count": count}
    return ngettext("%(count)d source", "%(count)d sources", count) % {"count": count}


def corroboration(claims) -> Corroboration:
    """The label of a thread made by ``claims`` (with their sources), in the order made."""
    claims = list(claims)
    supporting = _distinct_sources(c for c in claims if c.stance == c.Stance.SUPPORTS)
    contradicting = _distinct_sources(c for c in claims if c.stance == c.Stance.CONTRADICTS)
    if contradicting:
        label = _contradicted_label(contradicting)
    elif supporting:
        label = _supported_label(supporting)
    else:
        label = _("Not yet reported")
    return Corroboration(label, supporting, contradicting)
