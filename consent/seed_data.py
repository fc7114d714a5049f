"""The example purpose register of Gemeente Meenthuizen.

Texts are plain Dutch at B1 level, with an English translation.
"""

from typing import TypedDict

from consent.constants import DpvPurpose, LegalDomain
from vault.constants import Category


class PurposeSeed(TypedDict):
    """One purpose of the register: its code, its department (code, name), its first version."""

    code: str
    department: tuple[str, str]
    name_nl: str
    name_en: str
    description_nl: str
    description_en: str
    legal_domain: str
    categories: list[str]
    max_consent_days: int
    retention_days: int
    dpv_purpose: str


PURPOSES: list[PurposeSeed] = [
    {
        "code": "wmo-huishoudelijke-hulp",
        "department": ("wmo", "Team Wmo"),
        "name_nl": "Wmo maatwerkvoorziening: hulp bij het huishouden",
        "name_en": "Wmo tailored support: help with household tasks",
        "description_nl": (
            "U vraagt hulp bij het huishouden aan, zoals schoonmaken of de was. "
            "Team Wmo kijkt met u wat u zelf kunt en wat niet. Daarvoor leest het team "
            "gegevens over uw huishouden, uw woning en uw gezondheid."
        ),
        "description_en": (
            "You apply for help with household tasks, such as cleaning or laundry. "
            "Team Wmo looks at what you can and cannot do yourself. For this the team reads "
            "information about your household, your home and your health."
        ),
        "legal_domain": LegalDomain.WMO_2015,
        "categories": [Category.IDENTITY, Category.HOUSEHOLD, Category.HOUSING, Category.HEALTH],
        "max_consent_days": 180,
        "retention_days": 5 * 365,
        "dpv_purpose": DpvPurpose.REQUESTED_SERVICE_PROVISION,
    },
    {
        "code": "wmo-begeleiding",
        "department": ("wmo", "Team Wmo"),
        "name_nl": "Wmo begeleiding thuis",
        "name_en": "Wmo support at home",
        "description_nl": (
            "U krijgt begeleiding, bijvoorbeeld bij het plannen van uw week of het regelen "
            "van post. Team Wmo bekijkt welke begeleiding bij u past. Daarvoor leest het team "
            "gegevens over uw huishouden, uw gezondheid en wat u overdag doet."
        ),
        "description_en": (
            "You receive support, for example with planning your week or dealing with mail. "
            "Team Wmo looks at which support suits you. For this the team reads information "
            "about your household, your health and your daytime activities."
        ),
        "legal_domain": LegalDomain.WMO_2015,
        "categories": [Category.IDENTITY, Category.HOUSEHOLD, Category.HEALTH, Category.WORK],
        "max_consent_days": 365,
        "retention_days": 5 * 365,
        "dpv_purpose": DpvPurpose.REQUESTED_SERVICE_PROVISION,
    },
    {
        "code": "bijzondere-bijstand",
        "department": ("inkomen", "Team Werk en Inkomen"),
        "name_nl": "Bijzondere bijstand",
        "name_en": "Special assistance benefit",
        "description_nl": (
            "U vraagt geld aan voor een kost die u niet zelf kunt betalen, zoals een bril of "
            "een nieuwe wasmachine. Team Werk en Inkomen kijkt of u daar recht op heeft. "
            "Daarvoor leest het team gegevens over uw inkomen, uw huishouden en uw woning, "
            "en de bewijsstukken die u toevoegt."
        ),
        "description_en": (
            "You apply for money for a cost you cannot pay yourself, such as glasses or a new "
            "washing machine. Team Work and Income checks whether you are entitled to it. "
            "For this the team reads information about your income, household and home, and "
            "the documents you add."
        ),
        "legal_domain": LegalDomain.PARTICIPATIEWET,
        "categories": [
            Category.IDENTITY,
            Category.HOUSEHOLD,
            Category.INCOME,
            Category.HOUSING,
            Category.DOCUMENTS,
        ],
        "max_consent_days": 90,
        "retention_days": 7 * 365,
        "dpv_purpose": DpvPurpose.REQUESTED_SERVICE_PROVISION,
    },
    {
        "code": "schuldhulpverlening-intake",
        "department": ("schuldhulp", "Team Schuldhulpverlening"),
        "name_nl": "Schuldhulpverlening: eerste gesprek",
        "name_en": "Debt counselling: intake",
        "description_nl": (
            "U wilt hulp bij schulden. In het eerste gesprek maakt Team Schuldhulpverlening "
            "een overzicht van uw schulden, uw inkomen en uw vaste lasten. Daarvoor leest het "
            "team deze gegevens en de brieven van schuldeisers die u toevoegt."
        ),
        "description_en": (
            "You want help with debts. In the intake, Team Debt Counselling makes an overview "
            "of your debts, income and fixed costs. For this the team reads this information "
            "and the letters from creditors that you add."
        ),
        "legal_domain": LegalDomain.WGS,
        "categories": [
            Category.IDENTITY,
            Category.HOUSEHOLD,
            Category.INCOME,
            Category.DEBTS,
            Category.HOUSING,
            Category.DOCUMENTS,
        ],
        "max_consent_days": 120,
        "retention_days": 5 * 365,
        "dpv_purpose": DpvPurpose.REQUESTED_SERVICE_PROVISION,
    },
    {
        "code": "jeugdhulp-gezinsplan",
        "department": ("jeugd", "Team Jeugd"),
        "name_nl": "Jeugdhulp: een plan voor uw gezin",
        "name_en": "Youth care: a family plan",
        "description_nl": (
            "U en Team Jeugd maken samen een plan voor uw gezin. In het plan staat welke hulp "
            "uw kind en uw gezin krijgen. Daarvoor leest het team gegevens over uw gezin, "
            "over de gezondheid en over jeugd en opvoeding."
        ),
        "description_en": (
            "You and Team Youth make a plan for your family together. The plan says what "
            "help your child and your family will receive. For this the team reads "
            "information about your family, health, and youth and upbringing."
        ),
        "legal_domain": LegalDomain.JEUGDWET,
        "categories": [Category.IDENTITY, Category.HOUSEHOLD, Category.YOUTH, Category.HEALTH],
        "max_consent_days": 365,
        "retention_days": 15 * 365,
        "dpv_purpose": DpvPurpose.SERVICE_PROVISION,
    },
    {
        "code": "re-integratie-traject",
        "department": ("inkomen", "Team Werk en Inkomen"),
        "name_nl": "Re-integratie: op weg naar werk",
        "name_en": "Re-integration: on the way to work",
        "description_nl": (
            "U werkt met Team Werk en Inkomen aan een plan om (weer) aan het werk te gaan. "
            "Het team kijkt naar uw werkervaring, uw inkomen en wat uw gezondheid toelaat, "
            "zodat het plan bij u past."
        ),
        "description_en": (
            "You work with Team Work and Income on a plan to get (back) to work. The team "
            "looks at your work experience, your income and what your health allows, so the "
            "plan suits you."
        ),
        "legal_domain": LegalDomain.PARTICIPATIEWET,
        "categories": [Category.IDENTITY, Category.WORK, Category.INCOME, Category.HEALTH],
        "max_consent_days": 365,
        "retention_days": 5 * 365,
        "dpv_purpose": DpvPurpose.SERVICE_PROVISION,
    },
]
