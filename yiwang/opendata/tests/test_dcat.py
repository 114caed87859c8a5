"""DCAT-AP output: the catalogue and each dataset as JSON-LD and Turtle, valid against the DCAT-AP
2.1 shapes shipped beside this test (pyshacl), and shapes that do catch a broken record."""

import json
from pathlib import Path

import pytest
import rdflib
from pyshacl import validate
from rdflib.compare import isomorphic

from conftest import department
from yiwang.opendata import actions
from yiwang.opendata.tests.factories import air_quality, population
from yiwang.opendata.tests.test_publishing import AIR

SHAPES = rdflib.Graph().parse(Path(__file__).with_name("dcat-ap-2.1-shapes.ttl"), format="turtle")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")


@pytest.fixture
def published(steward):
    actions.do_publish_dataset(air_quality(department("02")), AIR, actor=steward)
    resource = population(department("02"), opening="conditional")
    actions.do_publish_dataset(
        resource,
        {
            **AIR,
            "name": "street-population",
            "title": "各街道户籍人口数",
            "theme": "society",
            "aggregate_by": ["street"],
        },
        actor=steward,
    )


def conforms(graph):
    ok, _graph, report = validate(graph, shacl_graph=SHAPES, inference="none")
    return ok, report


def test_the_catalogue_in_json_ld_is_valid_dcat_ap(client, published):
    response = client.get("/catalog.jsonld")
    assert response.status_code == 200 and response["Content-Type"] == "application/ld+json"
    graph = rdflib.Graph().parse(data=response.content, format="json-ld")
    ok, report = conforms(graph)
    assert ok, report
    datasets = set(graph.subjects(rdflib.RDF.type, DCAT.Dataset))
    assert len(datasets) == 2
    catalog = next(graph.subjects(rdflib.RDF.type, DCAT.Catalog))
    assert set(graph.objects(catalog, DCAT.dataset)) == datasets
    assert len(set(graph.subjects(rdflib.RDF.type, DCAT.Distribution))) == 6


def test_the_catalogue_in_turtle_is_the_same_graph(client, published):
    turtle = rdflib.Graph().parse(data=client.get("/catalog.ttl").content, format="turtle")
    jsonld = rdflib.Graph().parse(data=client.get("/catalog.jsonld").content, format="json-ld")
    assert isomorphic(turtle, jsonld)
    assert conforms(turtle)[0]


def test_one_dataset_in_both_formats(client, published):
    graph = rdflib.Graph().parse(data=client.get("/dataset/air-quality.jsonld").content, format="json-ld")
    assert conforms(graph)[0]
    dataset = next(graph.subjects(rdflib.RDF.type, DCAT.Dataset))
    assert str(graph.value(dataset, DCT.title)) == "空气质量监测日报"
    assert str(graph.value(dataset, DCT.accrualPeriodicity)).endswith("/frequency/DAILY")
    assert str(graph.value(dataset, DCT.accessRights)).endswith("/access-right/PUBLIC")
    ttl = client.get("/dataset/street-population.ttl")
    assert ttl["Content-Type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=ttl.content, format="turtle")
    assert str(graph.value(next(graph.subjects(rdflib.RDF.type, DCAT.Dataset)), DCT.accessRights)).endswith(
        "RESTRICTED"
    )
    assert client.get("/dataset/no-such-thing.jsonld").status_code == 404


def test_the_shapes_catch_a_dataset_without_a_title_or_a_distribution_without_an_access_url(
    client, published
):
    document = json.loads(client.get("/dataset/air-quality.jsonld").content)
    for node in document["@graph"]:
        if node.get("@type") == "dcat:Dataset":
            del node["dct:title"]
    graph = rdflib.Graph().parse(data=json.dumps(document), format="json-ld")
    assert not conforms(graph)[0]
    document = json.loads(client.get("/dataset/air-quality.jsonld").content)
    for node in document["@graph"]:
        if node.get("@type") == "dcat:Distribution":
            del node["dcat:accessURL"]
    assert not conforms(rdflib.Graph().parse(data=json.dumps(document), format="json-ld"))[0]


def test_an_empty_catalogue_is_still_valid(client, db):
    graph = rdflib.Graph().parse(data=client.get("/catalog.jsonld").content, format="json-ld")
    assert conforms(graph)[0]
    assert not set(graph.subjects(rdflib.RDF.type, DCAT.Dataset))
