"""What people read about each record type: labels, help texts and the words for each choice.

Dutch first, English in the project catalogue. Kept in Python, next to the JSON Schema files,
so that ``makemessages`` finds every string.
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FieldWords:
    label: Promise
    help: Promise | str = ""
    # What to do when a required field is empty: "Vul ... in", never "Dit veld is vereist".
    missing: Promise | str = ""
    choices: dict[object, Promise] = field(default_factory=dict)


@dataclass(frozen=True)
class TypeWords:
    label: Promise
    help: Promise
    fields: dict[str, FieldWords]


NOTES = FieldWords(_("Toelichting"), _("Wat u verder kwijt wilt. Niet verplicht."))

ZRM_SCORES: dict[object, Promise] = {
    1: _("1 – acute problematiek"),
    2: _("2 – niet zelfredzaam"),
    3: _("3 – beperkt zelfredzaam"),
    4: _("4 – voldoende zelfredzaam"),
    5: _("5 – volledig zelfredzaam"),
}


def _zrm(label: Promise) -> FieldWords:
    return FieldWords(
        label,
        _("Een score van 1 (acute problemen) tot 5 (helemaal zelfredzaam)."),
        choices=ZRM_SCORES,
    )


WORDS: dict[str, TypeWords] = {
    "identity_contact": TypeWords(
        _("Identiteit en contact"),
        _("Uw naam, adres en hoe de gemeente u kan bereiken."),
        {
            "name": FieldWords(_("Naam")),
            "address": FieldWords(_("Adres"), _("Straat en huisnummer.")),
            "postcode": FieldWords(_("Postcode"), _("Bijvoorbeeld 7701 AB.")),
            "city": FieldWords(_("Woonplaats")),
            "phone": FieldWords(_("Telefoonnummer")),
            "email": FieldWords(_("E-mailadres")),
            "birth_date": FieldWords(_("Geboortedatum")),
            "notes": NOTES,
        },
    ),
    "household": TypeWords(
        _("Samenstelling huishouden"),
        _("Wie er bij u in huis wonen."),
        {
            "adults": FieldWords(_("Aantal volwassenen"), _("Uzelf meegerekend.")),
            "children": FieldWords(_("Aantal kinderen")),
            "members": FieldWords(
                _("Wie wonen er bij u?"),
                _("Eén persoon per regel, bijvoorbeeld: Noor (2015)."),
            ),
            "notes": NOTES,
        },
    ),
    "income": TypeWords(
        _("Inkomen"),
        _("Waar uw inkomen vandaan komt en hoeveel het is."),
        {
            "source": FieldWords(
                _("Soort inkomen"),
                choices={
                    "salary": _("Loon"),
                    "unemployment_benefit": _("WW-uitkering"),
                    "social_assistance": _("Bijstand"),
                    "disability_benefit": _("Arbeidsongeschiktheidsuitkering"),
                    "pension": _("Pensioen of AOW"),
                    "allowance": _("Toeslag"),
                    "alimony": _("Alimentatie"),
                    "self_employed": _("Eigen bedrijf"),
                    "other": _("Ander inkomen"),
                },
            ),
            "amount_per_month": FieldWords(
                _("Bedrag per maand"), _("In euro, bijvoorbeeld 1450,50.")
            ),
            "amount_per_year": FieldWords(_("Bedrag per jaar"), _("In euro. Niet verplicht.")),
            "period_start": FieldWords(_("Vanaf"), _("De eerste dag van dit inkomen.")),
            "period_end": FieldWords(_("Tot en met"), _("Laat leeg als het doorloopt.")),
            "notes": NOTES,
        },
    ),
    "debts": TypeWords(
        _("Schuld"),
        _("Aan wie u geld moet betalen en welke afspraak er is."),
        {
            "creditor": FieldWords(
                _("Schuldeiser"),
                _("Aan wie u het geld moet betalen."),
                _("Vul in aan wie u het geld moet betalen."),
            ),
            "amount": FieldWords(_("Hoogte van de schuld"), _("In euro, bijvoorbeeld 820,00.")),
            "arrangement": FieldWords(
                _("Regeling"),
                choices={
                    "none": _("Geen regeling"),
                    "payment_plan": _("Betalingsregeling"),
                    "debt_assistance": _("Schuldhulpverlening"),
                    "statutory_debt_scheme": _("Wettelijke schuldsanering (Wsnp)"),
                },
            ),
            "monthly_payment": FieldWords(_("Aflossing per maand"), _("In euro.")),
            "notes": NOTES,
        },
    ),
    "housing": TypeWords(
        _("Wonen"),
        _("Hoe en waar u woont."),
        {
            "housing_type": FieldWords(
                _("Soort woning"),
                choices={
                    "social_rent": _("Huurwoning van een woningcorporatie"),
                    "private_rent": _("Huurwoning van een particulier"),
                    "owner": _("Koopwoning"),
                    "lodging": _("Kamer of inwonend"),
                    "sheltered": _("Beschermd wonen"),
                    "none": _("Geen vaste woonplek"),
                },
            ),
            "landlord": FieldWords(_("Verhuurder")),
            "rent_per_month": FieldWords(_("Huur per maand"), _("In euro.")),
            "adapted": FieldWords(_("Is de woning aangepast?"), _("Bijvoorbeeld een traplift.")),
            "notes": NOTES,
        },
    ),
    "care_needs": TypeWords(
        _("Zorgbehoefte"),
        _("Welke hulp en hulpmiddelen u nodig heeft."),
        {
            "support": FieldWords(
                _("Ondersteuning"),
                _("Kies alles wat past."),
                choices={
                    "household_help": _("Huishoudelijke hulp"),
                    "guidance": _("Begeleiding"),
                    "personal_care": _("Persoonlijke verzorging"),
                    "day_activities": _("Dagbesteding"),
                    "respite_care": _("Respijtzorg"),
                    "transport": _("Vervoer"),
                },
            ),
            "aids": FieldWords(
                _("Hulpmiddelen"),
                _("Kies alles wat past."),
                choices={
                    "walker": _("Rollator"),
                    "wheelchair": _("Rolstoel"),
                    "mobility_scooter": _("Scootmobiel"),
                    "stairlift": _("Traplift"),
                    "bathroom_aids": _("Hulpmiddelen in de badkamer"),
                    "other": _("Ander hulpmiddel"),
                },
            ),
            "household_help_hours": FieldWords(_("Uren huishoudelijke hulp per week")),
            "support_hours": FieldWords(_("Uren begeleiding per week")),
            "informal_carer": FieldWords(_("Helpt een mantelzorger u?")),
            "notes": NOTES,
        },
    ),
    "work": TypeWords(
        _("Werk en meedoen"),
        _("Wat u doet: werk, een traject, vrijwilligerswerk of een opleiding."),
        {
            "situation": FieldWords(
                _("Wat doet u nu?"),
                choices={
                    "employed": _("Ik werk in loondienst"),
                    "self_employed": _("Ik heb een eigen bedrijf"),
                    "job_seeking": _("Ik zoek werk"),
                    "reintegration": _("Ik volg een re-integratietraject"),
                    "volunteering": _("Ik doe vrijwilligerswerk"),
                    "studying": _("Ik volg een opleiding"),
                    "unable": _("Ik kan nu niet werken"),
                },
            ),
            "organisation": FieldWords(_("Werkgever, school of traject")),
            "hours_per_week": FieldWords(_("Uren per week")),
            "start_date": FieldWords(_("Begonnen op")),
            "notes": NOTES,
        },
    ),
    "youth_family": TypeWords(
        _("Jeugd en gezin"),
        _("Uw kinderen en de hulp die uw gezin krijgt."),
        {
            "children": FieldWords(
                _("Kinderen"), _("Eén kind per regel, bijvoorbeeld: Noor (2015).")
            ),
            "support": FieldWords(
                _("Hulp voor het gezin"),
                _("Kies alles wat past."),
                choices={
                    "parenting_support": _("Opvoedondersteuning"),
                    "youth_care": _("Jeugdhulp"),
                    "school_support": _("Hulp op school"),
                    "childcare": _("Kinderopvang"),
                },
            ),
            "school": FieldWords(_("School of opvang")),
            "notes": NOTES,
        },
    ),
    "zrm": TypeWords(
        _("Zelfredzaamheidsmatrix (ZRM)"),
        _("Een meting van hoe zelfredzaam u bent, op elk levensgebied van 1 tot 5."),
        {
            "assessment_date": FieldWords(
                _("Datum van de meting"), missing=_("Vul de datum van de meting in.")
            ),
            "assessor": FieldWords(
                _("Gemeten door"),
                _("Naam en organisatie."),
                _("Vul in wie de meting deed."),
            ),
            "finances": _zrm(_("Financiën")),
            "work_education": _zrm(_("Werk en opleiding")),
            "time_use": _zrm(_("Tijdsbesteding")),
            "housing": _zrm(_("Huisvesting")),
            "domestic_relations": _zrm(_("Huiselijke relaties")),
            "mental_health": _zrm(_("Geestelijke gezondheid")),
            "physical_health": _zrm(_("Lichamelijke gezondheid")),
            "substance_use": _zrm(_("Middelengebruik")),
            "basic_adl": _zrm(_("Basale ADL (uzelf verzorgen)")),
            "instrumental_adl": _zrm(_("Instrumentele ADL (het huishouden doen)")),
            "social_network": _zrm(_("Sociaal netwerk")),
            "participation": _zrm(_("Maatschappelijke participatie")),
            "justice": _zrm(_("Justitie")),
            "notes": NOTES,
        },
    ),
    "document": TypeWords(
        _("Document"),
        _("Een brief, beschikking of ander stuk, met een omschrijving."),
        {
            "description": FieldWords(
                _("Omschrijving"),
                _("Wat voor document is dit?"),
                _("Vul in wat voor document dit is."),
            ),
            "document_date": FieldWords(_("Datum van het document")),
            "issuer": FieldWords(_("Van wie komt het document?")),
        },
    ),
}
