"""The gender a common first name almost always has, for "he"/"she".

A small list of given names that are, in English-language news, borne almost
only by men or only by women. Names often given to both (Jordan, Taylor,
Kelly, Dana, Jean, Kim, Robin, Leslie...) are left out: for them the title
or the pronouns after the name decide, as for any name not listed.
"""

from __future__ import annotations

__all__ = ["first_name_gender"]

_MALE = frozenset("""
aaron abdul abraham adam adrian ahmed alan albert alberto alejandro alexander alexei alfred ali allen
andre andrew andy angelo anthony antonio arnold arthur barack barry ben benjamin bernard bernie bill billy
bob bobby boris brad bradley brandon brett brian bruce bryan carl carlos charles charlie chris christopher
chuck clarence claude clint colin craig curtis dale dan daniel danny darrell dave david dean dennis derek
dick don donald doug douglas duncan dwight eddie edward elijah elliot emmanuel eric ernest eugene evan
frank franklin fred frederick gary gavin george gerald gordon graham greg gregory harold harry harvey
hector henry herbert howard hugh hunter ian isaac ivan jack jacob jake james jared jason jeff jeffrey
jeremy jerry jesse jim jimmy joe joel john johnny jon jonathan jorge jose joseph josh joshua juan julian
justin karl keith ken kenneth kevin kurt kyle larry lawrence leon leonard louis luis luke marco
mario mark martin marvin matt matthew max michael miguel mike mitch mitchell mitt mohammed muhammad nathan
neil nicholas nick nigel noah norman oliver omar oscar patrick paul pedro peter phil philip rafael ralph
randy raymond reggie richard rick ricky rob robert roberto rod rodney roger roland ron ronald roy rudy
russell ryan sam samuel scott sean sergei seth shawn stanley stephen steve steven stuart ted terrence
theodore thomas tim timothy todd tom tommy tony travis trent troy tyler victor vincent vladimir walter
warren wayne william willie xavier zachary
""".split())

_FEMALE = frozenset("""
abigail adriana alexandra alice alicia alison amanda amber amy ana andrea angela angelina anita ann anna
anne annie april barbara beatrice betsy betty beverly brenda bridget brittany carla carmen carol caroline
carolyn catherine cathy cheryl christina christine cindy claire claudia colleen connie cynthia daisy
debbie deborah debra denise diana diane donna doris dorothy edith eileen elaine eleanor elena elisabeth
elise elizabeth ellen emily emma erica erin eva evelyn fiona florence frances gabrielle gail gina
gloria grace gretchen hannah heather heidi helen hillary holly ilhan irene isabel jacqueline jane janet
janice jennifer jessica jill joan joanna joanne josephine joy joyce judith judy julia julie karen
katherine kathleen kathryn kathy katie kayleigh kirsten kristen laura lauren linda lisa lois lori louise
lucy lynn madeleine margaret maria marie marilyn marsha martha mary maxine megan melania melanie melissa
michele michelle mildred monica nancy natalie nicole nikki nora olivia pamela patricia paula pauline
peggy penny rachel rashida rebecca regina renee rita roberta rosa rose ruth sally samantha sandra sara
sarah sharon sheila shirley silvia sonia sophia stacey stephanie susan suzanne sylvia tammy teresa
theresa tiffany tina tracy ursula valerie vanessa veronica victoria virginia wanda wendy yvonne zoe
""".split())


def first_name_gender(name: str) -> str | None:
    """``"m"``, ``"f"`` or ``None`` for a person's first name."""
    low = name.lower().strip(".,")
    if low in _MALE:
        return "m"
    if low in _FEMALE:
        return "f"
    return None
