"""What a highlight draws on the page, read from its computed style (pseudo-elements included).

A hidden layer or label must draw nothing: a test compares each highlight's `drawn` look with
`PLAIN`, and the look after a toggle back with the one before.
"""

from __future__ import annotations

from playwright.sync_api import Locator

#: One highlight's look: every property by which it can draw something over or around its text.
#: Its text colour is "inherited" when it is its parent's (an entity's tint sets its own).
DRAWN_JS = """m => {
    const own = getComputedStyle(m);
    const sides = ["Top", "Right", "Bottom", "Left"];
    return {
        color: own.color === getComputedStyle(m.parentElement).color ? "inherited" : own.color,
        background: `${own.backgroundColor} ${own.backgroundImage}`,
        decoration: own.textDecorationLine,
        border: sides.map(s => own[`border${s}Style`] === "none" ? "none"
            : `${own[`border${s}Width`]} ${own[`border${s}Style`]}`).join(" "),
        outline: own.outlineStyle === "none" ? "none" : `${own.outlineWidth} ${own.outlineStyle}`,
        shadow: own.boxShadow,
        padding: own.padding,
        before: getComputedStyle(m, "::before").content,
        after: getComputedStyle(m, "::after").content,
    };
}"""

#: What a highlight that draws nothing looks like: plain text.
PLAIN = {
    "color": "inherited",
    "background": "rgba(0, 0, 0, 0) none",
    "decoration": "none",
    "border": "none none none none",
    "outline": "none",
    "shadow": "none",
    "padding": "0px",
    "before": "none",
    "after": "none",
}


def looks(marks: Locator) -> list[dict[str, str]]:
    """The look of every highlight `marks` finds, in document order."""
    return marks.evaluate_all(f"ms => ms.map({DRAWN_JS})")


def drawing(marks: Locator) -> list[tuple[int, dict[str, str]]]:
    """The highlights among `marks` that draw something (index, look): none when all are plain."""
    return [(index, look) for index, look in enumerate(looks(marks)) if look != PLAIN]
