"""Cards of embedded posts and claims' saved copies, for the update and claim templates."""

from django import template

from stories.evidence import cards

register = template.Library()


@register.filter
def embed_cards(update) -> list:
    return cards.embedded_copies(update)


@register.filter
def saved_copy(claim, update):
    return cards.claim_copy(claim, update)
