"""The layout families an engine designs with: the template-free ones and the templates."""

from __future__ import annotations

from collections.abc import Iterable

from adcraft.layout.families import FAMILIES, Family
from adcraft.layout.template import Template, shipped_templates, template_family
from adcraft.registry import Registry


def layout_families(templates: Iterable[Template] = (), shipped: bool = True) -> Registry[Family]:
    """:data:`~adcraft.layout.families.FAMILIES`, then ``template:<name>`` for each shipped
    template (``shipped``) and each of ``templates``, in that order.

    Raises
    ------
    ValueError
        If two templates have the same name.
    InputError
        If a shipped template file is invalid (a broken install).
    """
    tpls = [*(shipped_templates() if shipped else ()), *templates]
    return FAMILIES.extended([(f.name, f) for f in map(template_family, tpls)])
