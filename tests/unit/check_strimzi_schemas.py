#!/usr/bin/env python3
"""Validates Ensemble's Strimzi exports (the golden files) against Strimzi's published CRD schemas.

Usage: check_strimzi_schemas.py CRD_DIR GOLDEN_DIR
  CRD_DIR     tests/data/strimzi: one directory per Strimzi version with its 04x-Crd-*.yaml files
  GOLDEN_DIR  tests/data/golden: every */strimzi/*.yaml in it is checked

Each resource is matched to the CRD of its kind and apiVersion and validated with jsonschema against the
version's openAPIV3Schema. The check is strict the way `kubectl apply --validate=strict` is: an object schema
that lists its properties (and does not preserve unknown fields) accepts no others, because the API server
would silently drop a misspelt field. Also: no key in spec.kafka.config / spec.zookeeper.config starts with a
prefix Strimzi forbids there (read from the 0.45 CRD's own description of the field), and resource names are
RFC 1123 names. A self-test first proves the validator rejects a broken resource. Exit 77 (skipped) when
python3-jsonschema or python3-yaml is missing.
"""
import copy
import glob
import os
import re
import sys

try:
    import jsonschema
    import yaml
except ImportError as e:  # pragma: no cover
    print(f"SKIP: {e} (Debian: apt-get install python3-jsonschema python3-yaml)")
    sys.exit(77)

API_VERSION_TO_STRIMZI = {"kafka.strimzi.io/v1beta2": "0.45.2", "kafka.strimzi.io/v1": "1.2.0"}
NAME = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")


def strict(schema):
    """Closes every object schema that lists its properties (what strict field validation does)."""
    if isinstance(schema, dict):
        if (schema.get("type") == "object" and "properties" in schema
                and not schema.get("x-kubernetes-preserve-unknown-fields")
                and "additionalProperties" not in schema):
            schema["additionalProperties"] = False
        for value in schema.values():
            strict(value)
    elif isinstance(schema, list):
        for value in schema:
            strict(value)
    return schema


def load_crds(crd_dir):
    """{(strimzi version, kind, api version): (validator, crd document)}"""
    out = {}
    for path in sorted(glob.glob(os.path.join(crd_dir, "*", "04*-Crd-*.yaml"))):
        version = os.path.basename(os.path.dirname(path))
        with open(path) as f:
            crd = yaml.safe_load(f)
        group = crd["spec"]["group"]
        kind = crd["spec"]["names"]["kind"]
        for v in crd["spec"]["versions"]:
            schema = strict(copy.deepcopy(v["schema"]["openAPIV3Schema"]))
            out[(version, kind, f"{group}/{v['name']}")] = (jsonschema.Draft7Validator(schema), crd)
    return out


def forbidden_prefixes(crds, path_in_spec):
    """The prefixes (and exceptions) Strimzi 0.45 lists in the description of spec.kafka.config or
    spec.zookeeper.config."""
    _, crd = crds[("0.45.2", "Kafka", "kafka.strimzi.io/v1beta2")]
    schema = crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]
    for key in path_in_spec:
        schema = schema["properties"][key]
    text = schema["properties"]["config"]["description"]
    m = re.search(r"following prefixes cannot be set: (.*) \(with the exception of: (.*)\)", text)
    return [p.strip() for p in m.group(1).split(",")], [p.strip() for p in m.group(2).split(",")]


def problems_of(doc, crds, kafka_rules, zk_rules):
    out = []
    api, kind = doc.get("apiVersion"), doc.get("kind")
    strimzi = API_VERSION_TO_STRIMZI.get(api)
    entry = crds.get((strimzi, kind, api))
    if entry is None:
        return [f"no CRD for kind {kind} in {api}"]
    validator, _ = entry
    for error in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in error.absolute_path)
        out.append(f"{kind} {where}: {error.message}")
    name = doc.get("metadata", {}).get("name", "")
    if not NAME.match(name) or len(name) > 63:
        out.append(f"{kind}: metadata.name '{name}' is not an RFC 1123 name")
    spec = doc.get("spec", {})
    for section, (prefixes, exceptions) in (("kafka", kafka_rules), ("zookeeper", zk_rules)):
        config = (spec.get(section) or {}).get("config") or {} if kind == "Kafka" else {}
        for key in config:
            if key not in exceptions and any(key.startswith(p) for p in prefixes):
                out.append(f"Kafka spec.{section}.config: '{key}' is forbidden by Strimzi")
    return out


def self_test(crds, kafka_rules, zk_rules):
    """The validator must reject what Strimzi rejects, or the check proves nothing."""
    good = {"apiVersion": "kafka.strimzi.io/v1", "kind": "KafkaTopic",
            "metadata": {"name": "t", "labels": {"strimzi.io/cluster": "c"}},
            "spec": {"partitions": 1, "replicas": 1}}
    broken = [
        {**good, "spec": {"partitions": "three", "replicas": 1}},        # wrong type
        {**good, "spec": {"partitions": 1, "replica": 1}},              # misspelt field
        {**good, "metadata": {"name": "Upper_Case"}},                   # not a Kubernetes name
        {"apiVersion": "kafka.strimzi.io/v1beta2", "kind": "Kafka", "metadata": {"name": "c"},
         "spec": {"kafka": {"listeners": [{"name": "plain", "port": 9092, "type": "internal", "tls": False}],
                            "config": {"log.dirs": "/x"}}}},              # forbidden config key
        {"apiVersion": "kafka.strimzi.io/v1", "kind": "KafkaNodePool", "metadata": {"name": "p"},
         "spec": {"replicas": 1, "roles": ["broker"]}},                 # storage is required
    ]
    if problems_of(good, crds, kafka_rules, zk_rules):
        return f"self-test: a valid KafkaTopic was rejected: {problems_of(good, crds, kafka_rules, zk_rules)}"
    for doc in broken:
        if not problems_of(doc, crds, kafka_rules, zk_rules):
            return f"self-test: a broken resource was accepted: {doc}"
    return None


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    crd_dir, golden_dir = sys.argv[1], sys.argv[2]
    crds = load_crds(crd_dir)
    kafka_rules = forbidden_prefixes(crds, ["kafka"])
    # Strimzi 1.x adds these two prefixes (KafkaClusterSpec.FORBIDDEN_PREFIXES, 1.2.0).
    kafka_rules = (kafka_rules[0] + ["prometheus.metrics.reporter.", "cordoned.log.dirs"], kafka_rules[1])
    zk_rules = forbidden_prefixes(crds, ["zookeeper"])
    failure = self_test(crds, kafka_rules, zk_rules)
    if failure:
        print(failure)
        return 1
    files = sorted(glob.glob(os.path.join(golden_dir, "*", "strimzi", "*.yaml")))
    if not files:
        print(f"no strimzi exports under {golden_dir}")
        return 1
    failed = 0
    for path in files:
        with open(path) as f:
            docs = [d for d in yaml.safe_load_all(f) if d is not None]
        kinds = []
        for doc in docs:
            kinds.append(doc.get("kind"))
            for p in problems_of(doc, crds, kafka_rules, zk_rules):
                print(f"{path}: {p}")
                failed += 1
        print(f"{os.path.relpath(path, golden_dir)}: {len(docs)} resource(s) {kinds} checked")
    print("FAIL" if failed else "PASS", f"({failed} problem(s), {len(files)} file(s))")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
