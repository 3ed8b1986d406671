"""Synthetic news texts for the copies/stories tests (written for these tests)."""

from __future__ import annotations

from storylens.models import Article, content_hash

BRIDGE = [
    "The Lindqvist city council voted 7 to 2 on Tuesday to replace the ageing Harbour Street bridge, ending a dispute that has divided the port town for almost a decade.",
    "Mayor Helena Brandt said the new crossing would open in the spring of 2027 and cost about 48 million euros, most of it paid by a regional infrastructure fund.",
    "Engineers found cracks in two of the bridge's steel girders last autumn, and heavy lorries have been barred from it since November, forcing a 14-kilometre detour through the old town.",
    "Opposition councillor Marek Voss, who voted against the plan, argued that repairing the existing structure would cost half as much and preserve a landmark built in 1911.",
    "Residents of the Nordhafen district, where the detour runs past two primary schools, welcomed the decision and said traffic had become dangerous for children walking to class.",
    "Construction is expected to begin in September once the tender is awarded. A temporary pedestrian ferry will run between the two banks while the bridge is closed.",
]

BRIDGE_OTHER_OUTLET = [
    "Councillors in Lindqvist have approved a new Harbour Street bridge after years of argument over whether the 1911 landmark could be saved.",
    "The vote, seven in favour and two against, came after an inspection report described corrosion in the main girders as beyond economic repair.",
    "Helena Brandt, the mayor, told reporters the project was the largest public investment in the town since the container terminal opened.",
    "Critics led by Marek Voss say the council ignored cheaper options. Voss said he would ask the regional audit office to review the tender.",
    "Shopkeepers on the old town's main square complained that the detour had brought lorries past their windows for months.",
]

ORCHESTRA = [
    "The Vellmar Philharmonic announced on Friday that its chief conductor, Ingrid Sorensen, will step down at the end of next season after eleven years with the orchestra.",
    "Sorensen, 63, said she wanted to devote more time to teaching and to a recording project of late Sibelius symphonies with a chamber ensemble.",
    "Under her leadership the orchestra toured Japan twice and doubled its subscriber base, according to figures released by its board.",
    "The board said a search committee would present a successor by the summer, and that guest conductors would share the podium in the meantime.",
]


def make(name: str, paragraphs: list[str], title: str | None = None, outlet: str | None = None,
         published: str | None = None, syndication: list[str] | None = None) -> Article:
    body = "\n\n".join(paragraphs)
    source = (title + "\n\n" + body) if title else body
    return Article(id=content_hash(name, source), name=name, source=source, body=body, title=title,
                   outlet=outlet, published=published, syndication=list(syndication or []))
