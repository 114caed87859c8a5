"""DCAT-AP 2.1 metadata of the open catalogue: `/catalog.jsonld` and `.ttl`, and one dataset's
`/dataset/<name>.jsonld` and `.ttl`.

Controlled values come from the EU vocabularies DCAT-AP asks for (data themes, frequencies, file
types, languages, access rights) and IANA media types; each referenced node is typed in the graph,
so that the range constraints of the DCAT-AP SHACL shapes hold. Turtle is the same graph written
by rdflib.
"""

import json

from django.conf import settings

from yiwang.datahub.models import Resource
from yiwang.opendata import search
from yiwang.opendata.models import OpenDataset, Theme

EU = "http://publications.europa.eu/resource/authority/"
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "adms": "http://www.w3.org/ns/adms#",
}
THEMES = {  # our open-data themes → EU data themes
    Theme.ECONOMY: "ECON",
    Theme.ENVIRONMENT: "ENVI",
    Theme.EDUCATION: "EDUC",
    Theme.TRANSPORT: "TRAN",
    Theme.SOCIETY: "SOCI",
    Theme.SAFETY: "JUST",
    Theme.FINANCE: "ECON",
    Theme.HEALTH: "HEAL",
    Theme.EMPLOYMENT: "SOCI",
    Theme.GOVERNMENT: "GOVE",
    Theme.CULTURE: "EDUC",
    Theme.HOUSING: "REGI",
}
THEME_LABELS = {
    "ECON": "Economy and finance",
    "ENVI": "Environment",
    "EDUC": "Education, culture and sport",
    "TRAN": "Transport",
    "SOCI": "Population and society",
    "JUST": "Justice, legal system and public safety",
    "HEAL": "Health",
    "GOVE": "Government and public sector",
    "REGI": "Regions and cities",
}
FREQUENCIES = {
    Resource.REALTIME: "CONT",
    Resource.DAILY: "DAILY",
    Resource.WEEKLY: "WEEKLY",
    Resource.MONTHLY: "MONTHLY",
    Resource.QUARTERLY: "QUARTERLY",
    Resource.YEARLY: "ANNUAL",
    Resource.IRREGULAR: "IRREG",
}
LICENCE_URLS = {
    "cc-by-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "cc0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "odc-by": "https://opendatacommons.org/licenses/by/1-0/",
}


def _iri(value):
    return {"@id": value}


def _text(value, language="zh"):
    return {"@value": value, "@language": language}


def _time(moment):
    return {"@value": moment.isoformat(), "@type": "xsd:dateTime"}


def _site():
    return settings.YIWANG_SITE_URL


def _agent_id(department):
    return f"{_site()}/opendata/organization/{search.organization_name(department)}"


def _dataset_nodes(dataset):
    """The dataset's node and every node it references (distributions, agent, contact, theme ...)."""
    resource = dataset.resource
    provider = resource.provider
    package = search._package(dataset)
    dataset_id = f"{_site()}/dataset/{dataset.name}"
    page = package["url"]
    theme = EU + "data-theme/" + THEMES[dataset.theme]
    licence = LICENCE_URLS.get(dataset.licence, f"{_site()}/opendata/licence/{dataset.licence}")
    modified = package["metadata_modified"]
    distributions, nodes = [], []
    for item in package["resources"]:
        distribution_id = f"{dataset_id}/distribution/{item['format'].lower()}"
        distributions.append(_iri(distribution_id))
        nodes.append(
            {
                "@id": distribution_id,
                "@type": "dcat:Distribution",
                "dct:title": _text(item["name"]),
                "dcat:accessURL": _iri(page),
                "dcat:downloadURL": _iri(item["url"]),
                "dct:format": _iri(EU + "file-type/" + item["format"]),
                "dcat:mediaType": _iri("http://www.iana.org/assignments/media-types/" + item["mimetype"]),
                "dct:license": _iri(licence),
                "dct:issued": _time(dataset.published_at),
                "dct:modified": {"@value": modified, "@type": "xsd:dateTime"},
            }
        )
        nodes.append({"@id": EU + "file-type/" + item["format"], "@type": "dct:MediaTypeOrExtent"})
        nodes.append(
            {
                "@id": "http://www.iana.org/assignments/media-types/" + item["mimetype"],
                "@type": "dct:MediaType",
            }
        )
    contact = f"{_agent_id(provider)}#contact"
    contact_node = {"@id": contact, "@type": "vcard:Kind", "vcard:fn": _text(provider.name)}
    if provider.phone:
        contact_node["vcard:hasTelephone"] = _iri("tel:" + "".join(provider.phone.split()))
    access = "PUBLIC" if resource.opening_type == Resource.OPEN_UNCONDITIONAL else "RESTRICTED"
    node = {
        "@id": dataset_id,
        "@type": "dcat:Dataset",
        "dct:title": _text(dataset.title),
        "dct:description": _text(dataset.notes),
        "dct:identifier": str(dataset.code),
        "adms:identifier": _iri(f"{dataset_id}#resource-code"),
        "dcat:keyword": [_text(tag) for tag in dataset.tags],
        "dcat:theme": _iri(theme),
        "dct:publisher": _iri(_agent_id(provider)),
        "dcat:contactPoint": _iri(contact),
        "dct:accrualPeriodicity": _iri(EU + "frequency/" + FREQUENCIES[resource.update_cycle]),
        "dct:issued": _time(dataset.published_at),
        "dct:modified": {"@value": modified, "@type": "xsd:dateTime"},
        "dcat:landingPage": _iri(page),
        "dct:language": _iri(EU + "language/ZHO"),
        "dct:accessRights": _iri(EU + "access-right/" + access),
        "dcat:distribution": distributions,
    }
    nodes += [
        {"@id": f"{dataset_id}#resource-code", "@type": "adms:Identifier", "skos:notation": resource.code},
        {"@id": _agent_id(provider), "@type": "foaf:Agent", "foaf:name": _text(provider.name)},
        contact_node,
        {
            "@id": theme,
            "@type": "skos:Concept",
            "skos:prefLabel": _text(THEME_LABELS[THEMES[dataset.theme]], "en"),
            "skos:inScheme": _iri(EU + "data-theme"),
        },
        {"@id": EU + "frequency/" + FREQUENCIES[resource.update_cycle], "@type": "dct:Frequency"},
        {"@id": licence, "@type": "dct:LicenseDocument"},
        {"@id": EU + "access-right/" + access, "@type": "dct:RightsStatement"},
        {"@id": page, "@type": "foaf:Document"},
        {"@id": EU + "language/ZHO", "@type": "dct:LinguisticSystem"},
    ]
    return node, nodes


def _unique(nodes):
    seen, out = set(), []
    for node in nodes:
        key = json.dumps(node, sort_keys=True)
        if key not in seen:
            seen.add(key)
            out.append(node)
    return out


def dataset_graph(dataset):
    node, nodes = _dataset_nodes(dataset)
    return {"@context": CONTEXT, "@graph": _unique([node, *nodes])}


def catalog_graph():
    datasets = (
        OpenDataset.objects.filter(status=OpenDataset.PUBLISHED)
        .exclude(resource__opening_type="none")
        .select_related("resource__provider")
        .order_by("name")
    )
    catalog_id = f"{_site()}/catalog"
    publisher = f"{_site()}/#publisher"
    district = settings.YIWANG_DISTRICT_NAME
    graph, refs, latest = [], [], None
    for dataset in datasets:
        node, nodes = _dataset_nodes(dataset)
        refs.append(_iri(node["@id"]))
        graph += [node, *nodes]
        latest = max(latest or node["dct:modified"]["@value"], node["dct:modified"]["@value"])
    catalog = {
        "@id": catalog_id,
        "@type": "dcat:Catalog",
        "dct:title": [
            _text(f"{district}公共数据开放目录"),
            _text(f"{settings.YIWANG_DISTRICT_NAME_EN} open data catalogue", "en"),
        ],
        "dct:description": [
            _text(f"{district}人民政府向社会开放的公共数据。"),
            _text(f"Government data of {settings.YIWANG_DISTRICT_NAME_EN}, open to society.", "en"),
        ],
        "dct:publisher": _iri(publisher),
        "foaf:homepage": _iri(f"{_site()}/opendata/"),
        "dct:language": _iri(EU + "language/ZHO"),
        "dcat:themeTaxonomy": _iri(EU + "data-theme"),
        "dcat:dataset": refs,
    }
    if latest:
        catalog["dct:modified"] = {"@value": latest, "@type": "xsd:dateTime"}
    graph = [
        catalog,
        {"@id": publisher, "@type": "foaf:Agent", "foaf:name": _text(f"{district}人民政府")},
        {"@id": EU + "data-theme", "@type": "skos:ConceptScheme", "dct:title": _text("Data theme", "en")},
        {"@id": f"{_site()}/opendata/", "@type": "foaf:Document"},
        {"@id": EU + "language/ZHO", "@type": "dct:LinguisticSystem"},
        *graph,
    ]
    return {"@context": CONTEXT, "@graph": _unique(graph)}


def turtle(graph):
    import rdflib

    return rdflib.Graph().parse(data=json.dumps(graph), format="json-ld").serialize(format="turtle")
