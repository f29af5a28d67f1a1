"""Optional LLM copy back-end: any OpenAI-compatible chat-completions endpoint.

Install with ``pip install "adcraft[llm]"`` (the ``openai`` client library). The endpoint,
model and key are the user's: OpenAI, Azure OpenAI, or a local server (vLLM, llama.cpp,
Ollama) that speaks the same protocol. Configure in code or with the environment variables
``ADCRAFT_LLM_BASE_URL``, ``ADCRAFT_LLM_MODEL`` and ``ADCRAFT_LLM_API_KEY``.

The model is asked for JSON variants per role; what it returns passes the same claim filter
and character budgets as the rule-based variants (:mod:`adcraft.copy.variants`), a headline
that does not name the product is dropped, and the model only
*adds* to them: when the call fails or returns nothing usable, the rule-based copy stands and
the reason is returned.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

from adcraft.brief import Brief
from adcraft.copy.variants import CopyVariants, names_product, product_nouns, with_extra
from adcraft.errors import InputError

_SYSTEM = (
    "You write on-image copy for e-commerce banner ads. Reply with one JSON object with the keys "
    '"headlines", "sublines", "bullets", "ctas", each a list of 3 short strings. Headlines 2-7 words '
    "(at most 14 Chinese characters) that name the product (the noun of its title), sub-lines one short "
    "sentence, CTAs 1-3 words. Use only the facts "
    "given. Never use superlatives or rankings (best, No.1, #1, 最, 第一), guarantees or medical claims."
)


@dataclass(frozen=True)
class LLMConfig:
    """Where and how to call the endpoint.

    Attributes
    ----------
    base_url:
        Endpoint root, e.g. ``https://api.openai.com/v1`` or ``http://localhost:8000/v1``.
    model:
        Model name the endpoint serves.
    api_key:
        Key sent as a bearer token (``"none"`` for local servers that need none).
    timeout_s:
        Seconds before the call is abandoned (rule-based copy is then used).
    """

    base_url: str
    model: str
    api_key: str = "none"
    timeout_s: float = 20.0

    def variants(self, brief: Brief, base: CopyVariants, occasion: str | None = None) -> tuple[CopyVariants, str | None]:
        """``base`` with this endpoint's variants added (:func:`llm_variants`); the
        :class:`~adcraft.stages.options.CopyBackend` protocol."""
        return llm_variants(brief, base, self, occasion)

    @classmethod
    def from_env(cls) -> LLMConfig | None:
        """Config from ``ADCRAFT_LLM_BASE_URL``/``_MODEL``/``_API_KEY``; ``None`` when unset."""
        url, model = os.environ.get("ADCRAFT_LLM_BASE_URL"), os.environ.get("ADCRAFT_LLM_MODEL")
        if not url or not model:
            return None
        return cls(base_url=url, model=model, api_key=os.environ.get("ADCRAFT_LLM_API_KEY", "none"))


def _facts(brief: Brief, occasion: str | None) -> str:
    facts = {
        "language": "Simplified Chinese" if brief.lang == "zh" else "English",
        "title": brief.title,
        "brand": brief.brand,
        "category": brief.category,
        "selling_points": list(brief.selling_points),
        "price": brief.price,
        "original_price": brief.original_price,
        "currency": brief.currency,
        "occasion": occasion,
    }
    return json.dumps({k: v for k, v in facts.items() if v not in (None, [], "")}, ensure_ascii=False)


def llm_variants(brief: Brief, base: CopyVariants, config: LLMConfig, occasion: str | None = None) -> tuple[CopyVariants, str | None]:
    """Ask the endpoint for more variants and merge them into ``base``.

    Parameters
    ----------
    brief:
        Product facts sent to the model (nothing else is sent: no images).
    base:
        Rule-based variants to extend.
    config:
        :class:`LLMConfig`.
    occasion:
        Theme occasion, passed to the model.

    Returns
    -------
    tuple[CopyVariants, str | None]
        The merged variants, and ``None`` or why the model's answer was not used.

    Raises
    ------
    InputError
        If the ``openai`` package is not installed (``pip install "adcraft[llm]"``).
    """
    try:
        from openai import OpenAI, OpenAIError
    except ImportError as exc:
        raise InputError('the LLM copy back-end needs the openai package: pip install "adcraft[llm]"') from exc
    client = OpenAI(base_url=config.base_url, api_key=config.api_key, timeout=config.timeout_s, max_retries=1)
    try:
        reply = client.chat.completions.create(
            model=config.model,
            messages=[{"role": "system", "content": _SYSTEM}, {"role": "user", "content": _facts(brief, occasion)}],
            temperature=0.7,
        )
        text = reply.choices[0].message.content or ""
    except OpenAIError as exc:
        return base, f"LLM call to {config.base_url} failed ({type(exc).__name__}: {exc}); rule-based copy used"
    start, end = text.find("{"), text.rfind("}")
    try:
        data = json.loads(text[start : end + 1]) if start >= 0 else None
    except json.JSONDecodeError:
        data = None
    if not isinstance(data, dict):
        return base, f"LLM reply was not a JSON object ({text[:80]!r}); rule-based copy used"

    def strings(key: str) -> list[str]:
        v = data.get(key, [])
        out = [s for s in v if isinstance(s, str)][:6] if isinstance(v, list) else []
        nouns = product_nouns(brief)  # a headline must name the product
        return [s for s in out if names_product(s, nouns)] if key == "headlines" else out

    if brief.headline or brief.subtitle or brief.cta:  # copy the brief gives stays verbatim
        merged = with_extra(
            base,
            headlines=() if brief.headline else strings("headlines"),
            sublines=() if brief.subtitle else strings("sublines"),
            bullets=strings("bullets"),
            ctas=() if brief.cta else strings("ctas"),
        )
    else:
        merged = with_extra(base, strings("headlines"), strings("sublines"), strings("bullets"), strings("ctas"))
    return merged, None
