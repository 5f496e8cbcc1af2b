import hashlib

import yaml

from finsam_data.read import bundled_corpus, discover, read_file


def _sidecars():
    return sorted(bundled_corpus().glob("*.meta.yml"))


def test_every_bundled_document_has_a_sidecar_and_its_checksum_matches():
    docs = sorted(p for p in bundled_corpus().iterdir() if p.suffix in (".txt", ".md", ".pdf"))
    assert docs, "the bundled corpus is empty"
    for doc in docs:
        meta_path = doc.with_name(doc.stem + ".meta.yml")
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
        assert meta["sha256"] == hashlib.sha256(doc.read_bytes()).hexdigest(), doc.name
        for key in ("title", "forbund_id", "doc_kind", "date", "origin"):
            assert meta.get(key), (doc.name, key)


def test_reader_agrees_with_the_sidecars_without_reading_them():
    # The reader classifies from the text alone; the sidecars are an independent record.
    files, problems = discover([bundled_corpus()])
    assert not problems
    assert len(files) == len(_sidecars())
    for path, name in files:
        doc = read_file(path, name)
        meta = yaml.safe_load(path.with_name(path.stem + ".meta.yml").read_text("utf-8"))
        assert doc.forbund_id == meta["forbund_id"], name
        assert doc.doc_kind == meta["doc_kind"], name
        assert doc.doc_date == meta["date"], name
        assert doc.doc_id == meta["sha256"]


def test_sidecars_are_not_read_as_documents():
    files, _ = discover([bundled_corpus()])
    assert not [n for _, n in files if n.endswith(".yml")]
