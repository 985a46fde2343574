"""How HubSpot and Salesforce name lead fields, and Salesforce's Rating.

Both CRMs have standard lead/contact fields with fixed names; anything else is a custom
field whose name follows the CRM's convention (HubSpot: lower snake case; Salesforce:
`Label__c`).
"""

from __future__ import annotations

import re
import unicodedata

from app.services.errors import ValidationError


def ascii_fold(label: str) -> str:
    """The text with accents dropped (é → e), for names CRMs accept."""
    folded = unicodedata.normalize("NFKD", label)
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


_HUBSPOT_STANDARD = {
    "email": "email",
    "first name": "firstname",
    "last name": "lastname",
    "job title": "jobtitle",
    "title": "jobtitle",
    "company": "company",
    "company name": "company",
    "industry": "industry",
    "annual revenue": "annualrevenue",
    "number of employees": "numemployees",
    "employees": "numemployees",
    "country": "country",
    "city": "city",
    "phone": "phone",
    "phone number": "phone",
    "website": "website",
    "lifecycle stage": "lifecyclestage",
    "lead status": "hs_lead_status",
}

_SALESFORCE_STANDARD = {
    "email": "Email",
    "first name": "FirstName",
    "last name": "LastName",
    "title": "Title",
    "job title": "Title",
    "company": "Company",
    "company name": "Company",
    "industry": "Industry",
    "annual revenue": "AnnualRevenue",
    "number of employees": "NumberOfEmployees",
    "employees": "NumberOfEmployees",
    "lead source": "LeadSource",
    "country": "Country",
    "city": "City",
    "phone": "Phone",
    "website": "Website",
    "rating": "Rating",
    "lead status": "Status",
    "status": "Status",
}


def _plain_label(label: str) -> str:
    return " ".join(re.split(r"[\s_]+", label.strip().lower()))


def hubspot_property_name(label: str) -> str:
    """HubSpot's internal property name for a field label: lower snake case.

    Well-known contact properties get HubSpot's own names (`Job title` → `jobtitle`).
    """
    standard = _HUBSPOT_STANDARD.get(_plain_label(label))
    if standard:
        return standard
    name = re.sub(r"[^a-z0-9]+", "_", ascii_fold(label).lower()).strip("_")
    if not name:
        raise ValidationError(f"'{label}' cannot be turned into a HubSpot property name.")
    # HubSpot internal names must start with a letter.
    return f"p_{name}" if name[0].isdigit() else name


def salesforce_field_api_name(label: str) -> str:
    """Salesforce's API name for a Lead field label: standard name or `Label__c`."""
    stripped = label.strip()
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*__c", stripped):
        return stripped
    standard = _SALESFORCE_STANDARD.get(_plain_label(stripped))
    if standard:
        return standard
    name = re.sub(r"[^A-Za-z0-9]+", "_", ascii_fold(stripped)).strip("_")
    if not name:
        raise ValidationError(f"'{label}' cannot be turned into a Salesforce field name.")
    if name[0].isdigit():
        name = f"X{name}"
    # Salesforce allows 40 characters before the custom suffix and no trailing "_".
    return f"{name[:40].rstrip('_')}__c"


def salesforce_rating(grade_rank: int) -> str:
    """Salesforce Rating for the n-th best grade of a model (0 = best)."""
    return ("Hot", "Warm")[grade_rank] if grade_rank < 2 else "Cold"
