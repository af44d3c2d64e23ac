"""Many fingerprints in flat arrays: what grouping holds in memory and scores in bulk.

A :class:`~storytrace.fingerprint.Fingerprint` keeps its features in dicts,
which is convenient for one document but costs about 70 KB of Python objects
each (a string and a float object per feature), and pair-by-pair scoring in
Python spends most of its time intersecting those dicts.  A
:class:`FingerprintTable` keeps the same features as sparse rows: a feature
string's column is a stable hash of it (:func:`hash_features`), the same in
every feature map (so the lead's stems and the body's stems line up, as
``lead_full`` needs) and in every process, with no vocabulary to hold or
share; ``int32`` columns and ``float64`` weights, about 10 KB a document.  scipy's
sparse kernels then score whole batches of pairs at once
(:func:`storytrace.group.pair_feature_matrix`), and the arrays can be written
to a directory and memory-mapped by worker processes, which share the pages
instead of each holding a copy (:meth:`FingerprintTable.save`,
:func:`load_arrays`).

Worker processes that fingerprint documents send batches of :func:`pack`'d
fingerprints (each distinct feature string once, numbered within the batch,
and flat arrays for the rest: a few pickled objects instead of hundreds per
document), and the table adds them with :meth:`FingerprintTable.add_packed`.

Why hand-written: scipy.sparse does the arithmetic; what is specific here is
the layout of fingerprints (feature maps, anchor kinds, rare words) for it.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np

from .fingerprint import Fingerprint
from .index import blocking_keys

__all__ = ["ANCHOR_KINDS", "MAPS", "FingerprintTable", "TableArrays", "hash_features", "load_arrays", "pack"]

#: The feature maps of a fingerprint, in the order the table keeps them.
MAPS = ("anchors", "words", "grams", "lead", "pairs", "headline", "chars")
#: Anchor kinds counted by the similarity (column 0 of the kind counts is "other": years, weekdays).
ANCHOR_KINDS = ("number", "date", "entity", "name")
_KIND_CODE = {kind: code for code, kind in enumerate(ANCHOR_KINDS, start=1)}
_SEP = "\x00"  # joins feature keys in a packed fingerprint; never inside a feature
_COLUMNS = 1 << 30  # hashed feature columns: int32 indices for scipy



# A feature string's column: the polynomial sum over its code points c_i of
# c_i * M**(i+1) modulo 2**64 (M odd, so M has an inverse), mixed by the
# splitmix64 finaliser.  All keys of a batch are hashed at once from prefix
# sums over their concatenation.
_MULTIPLIER = 0x9E3779B97F4A7C15
_INVERSE = pow(_MULTIPLIER, -1, 1 << 64)
_power_cache: list[np.ndarray] = [np.ones(1, dtype=np.uint64), np.ones(1, dtype=np.uint64)]


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """M**i and M**-i modulo 2**64 for i < n (cached, grown by doubling)."""
    powers, inverses = _power_cache
    if len(powers) < n:
        size = max(n, 2 * len(powers), 4096)
        with np.errstate(over="ignore"):
            powers = np.multiply.accumulate(np.full(size, _MULTIPLIER, dtype=np.uint64))
            inverses = np.multiply.accumulate(np.full(size, _INVERSE, dtype=np.uint64))
        one = np.ones(1, dtype=np.uint64)
        powers = np.concatenate((one, powers[:-1]))
        inverses = np.concatenate((one, inverses[:-1]))
        _power_cache[:] = [powers, inverses]
    return powers, inverses


def hash_features(keys: list[str], kind_bits: bool = False) -> np.ndarray:
    """Stable 30-bit column numbers of feature strings (the same in every process and run).

    Two distinct features of one document share a column about once in ten
    thousand documents (their weights are then added, see
    :meth:`FingerprintTable.freeze`), and a chance match between two
    documents adds the product of two small weights to a dot product.  With
    ``kind_bits`` the low three bits hold the anchor kind (:data:`ANCHOR_KINDS`,
    0 for others), so kinds never collide and need no table of their own.

    >>> a, b = hash_features(["number:1000", "name:shoigu"], kind_bits=True).tolist()
    >>> a & 7, b & 7, hash_features(["number:1000"], kind_bits=True).tolist() == [a]
    (1, 4, True)
    """
    if not keys:
        return np.zeros(0, dtype=np.int32)
    # one separator between keys, so key k spans [starts[k], starts[k] + len(key))
    points = np.frombuffer((_SEP.join(keys) + _SEP).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    ends = np.flatnonzero(points == 0)  # each key ends at its separator
    if len(ends) != len(keys):
        raise ValueError("feature keys must not contain NUL characters")
    starts = np.empty_like(ends)
    starts[0] = 0
    starts[1:] = ends[:-1] + 1
    powers, inverses = _powers(len(points) + 2)
    with np.errstate(over="ignore"):
        prefix = np.zeros(len(points) + 1, dtype=np.uint64)
        np.cumsum(points * powers[1:len(points) + 1], dtype=np.uint64, out=prefix[1:])
        h = (prefix[ends] - prefix[starts]) * inverses[starts]
        h ^= h >> np.uint64(30)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(27)
        h *= np.uint64(0x94D049BB133111EB)
        h ^= h >> np.uint64(31)
    cols = (h >> np.uint64(34)).astype(np.int32)
    if kind_bits:
        kinds = np.fromiter((_KIND_CODE.get(k.split(":", 1)[0], 0) for k in keys), dtype=np.int32, count=len(keys))
        cols = (cols & np.int32(~7)) | kinds
    return cols


def pack(fingerprints: Iterable[Fingerprint]) -> tuple:
    """Fingerprints as a few flat objects, cheap to pickle between processes.

    Feature strings become column numbers here (:func:`hash_features`), so a
    batch is a handful of arrays; only the anchors' and words' strings are
    kept, to explain groupings.  :meth:`FingerprintTable.add_packed` adds it.

    >>> from storytrace.fingerprint import fingerprint_text
    >>> fp = fingerprint_text("Shoigu said 1,000 sappers go to Kursk.", lang="en", id="d1")
    >>> table = FingerprintTable()
    >>> table.add_packed(pack([fp])), table.ids, table.fingerprint(0).anchors == fp.anchors
    ([0], ['d1'], True)
    """
    docs = []
    keys: dict[str, list[str]] = {name: [] for name in MAPS}
    weights: dict[str, list[float]] = {name: [] for name in MAPS}
    lengths: dict[str, list[int]] = {name: [] for name in MAPS}
    for fp in fingerprints:
        docs.append((fp.id, fp.language, fp.published, fp.title, fp.size, _SEP.join(fp.rare),
                     _SEP.join(blocking_keys(fp)), _SEP.join(fp.anchors), _SEP.join(fp.words),
                     array("d", [*fp.anchors.values(), *fp.words.values()]).tobytes()))
        for name in MAPS:
            features: Mapping[str, float] = getattr(fp, name)
            keys[name].extend(features)
            weights[name].extend(features.values())
            lengths[name].append(len(features))
    from scipy.sparse import csr_matrix

    maps = {}
    for name in MAPS:
        counts = np.array(lengths[name], dtype=np.int64)
        cols = hash_features(keys[name], kind_bits=name == "anchors")
        vals = np.array(weights[name], dtype=np.float64)
        # each document's entries by column, as the table's sparse rows need (sorted here, in the workers)
        rows = csr_matrix((vals, cols, np.concatenate(([0], np.cumsum(counts)))), shape=(len(counts), _COLUMNS))
        rows.sort_indices()
        maps[name] = (counts.tobytes(), rows.indices.astype(np.int32, copy=False).tobytes(), rows.data.tobytes())
    return docs, maps


class FingerprintTable:
    """Fingerprints of many documents as sparse rows (see the module docstring).

    Rows are numbered in the order documents are added; a document id added
    twice keeps its first row.  :meth:`freeze` turns the rows into scipy CSR
    matrices (:attr:`arrays`); documents cannot be added after that.

    >>> from storytrace.fingerprint import fingerprint_text
    >>> table = FingerprintTable.from_fingerprints([
    ...     fingerprint_text("Shoigu said 1,000 sappers go to Kursk.", lang="en", id="a"),
    ...     fingerprint_text("Shoigu disse que 1.000 sapadores vão para Kursk.", lang="pt", id="b")])
    >>> arrays = table.freeze()
    >>> arrays.matrix("anchors").shape[0], table.row["b"]
    (2, 1)
    """

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.row: dict[str, int] = {}
        self.languages: list[str | None] = []
        self.published: list[str | None] = []
        self.titles: list[str | None] = []
        self.blocking: list[tuple[str, ...]] = []
        self._sizes = array("i")
        self._rare: list[str] = []
        # (anchor keys, word keys, their weights), to explain groupings with the features' names
        self._named: list[tuple[str, str, bytes]] = []
        self._parts: dict[str, list[tuple[np.ndarray, np.ndarray, np.ndarray]]] = {name: [] for name in MAPS}
        self.arrays: TableArrays | None = None

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def from_fingerprints(cls, fingerprints: Iterable[Fingerprint], batch: int = 256) -> FingerprintTable:
        table = cls()
        chunk: list[Fingerprint] = []
        for fp in fingerprints:
            chunk.append(fp)
            if len(chunk) >= batch:
                table.add_packed(pack(chunk))
                chunk = []
        if chunk:
            table.add_packed(pack(chunk))
        return table

    def add(self, fp: Fingerprint) -> int:
        """Add one fingerprint; returns its row (the existing row if its id was added before)."""
        return self.add_packed(pack([fp]))[0]

    def add_packed(self, packed: tuple) -> list[int]:
        """Add fingerprints made by :func:`pack` (e.g. in a worker process); returns their rows."""
        if self.arrays is not None:
            raise RuntimeError("FingerprintTable is frozen: no documents can be added")
        docs, maps = packed
        rows: list[int] = []
        keep = np.zeros(len(docs), dtype=bool)
        for k, (doc_id, language, published, title, size, rare, blocking, anchors, words, named) in enumerate(docs):
            existing = self.row.get(doc_id)
            if existing is not None:
                rows.append(existing)
                continue
            keep[k] = True
            row = len(self.ids)
            rows.append(row)
            self.row[doc_id] = row
            self.ids.append(doc_id)
            self.languages.append(language)
            self.published.append(published)
            self.titles.append(title)
            self.blocking.append(tuple(blocking.split(_SEP)) if blocking else ())
            self._sizes.append(size)
            self._rare.append(rare)
            self._named.append((anchors, words, named))
        if not keep.any():
            return rows
        for name in MAPS:
            lengths_b, cols_b, vals_b = maps[name]
            lengths = np.frombuffer(lengths_b, dtype=np.int64)
            cols = np.frombuffer(cols_b, dtype=np.int32)
            vals = np.frombuffer(vals_b, dtype=np.float64)
            if not keep.all():  # ids seen before: drop their entries
                entry_keep = np.repeat(keep, lengths)
                cols, vals, lengths = cols[entry_keep], vals[entry_keep], lengths[keep]
            self._parts[name].append((lengths.copy(), cols.copy(), vals.copy()))
        return rows

    def rare(self, row: int) -> tuple[str, ...]:
        joined = self._rare[row]
        return tuple(joined.split(_SEP)) if joined else ()

    def named_features(self, row: int) -> tuple[dict[str, float], dict[str, float]]:
        """The anchors and the words of ``row`` by name, with their weights (to explain a grouping)."""
        anchor_keys, word_keys, named = self._named[row]
        weights = array("d")
        weights.frombytes(named)
        anchors = anchor_keys.split(_SEP) if anchor_keys else []
        words = word_keys.split(_SEP) if word_keys else []
        return dict(zip(anchors, weights)), dict(zip(words, weights[len(anchors):]))

    def fingerprint(self, row: int) -> Fingerprint:
        """What the table knows of ``row`` as a fingerprint: its anchors and words with their
        weights (the other feature maps are kept only as hashed columns), id, title and size."""
        anchors, words = self.named_features(row)
        return Fingerprint(
            id=self.ids[row], language=self.languages[row], published=self.published[row],
            title=self.titles[row], rare=self.rare(row), size=self._sizes[row], anchors=anchors, words=words,
        )

    def freeze(self) -> TableArrays:
        """Turn the rows into arrays (idempotent); the table takes no more documents.

        Rows come sorted by column (:func:`pack`); two features of one row
        that hash to one column are added together here: scipy's fast
        elementwise kernels need such canonical rows.
        """
        if self.arrays is not None:
            return self.arrays
        data: dict[str, np.ndarray] = {}
        for name in MAPS:
            parts = self._parts[name]
            lengths = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, dtype=np.int64)
            data[f"{name}.indptr"] = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
            data[f"{name}.cols"] = np.concatenate([p[1] for p in parts]) if parts else np.zeros(0, dtype=np.int32)
            data[f"{name}.vals"] = np.concatenate([p[2] for p in parts]) if parts else np.zeros(0)
            self._parts[name] = []
        codes: dict[str | None, int] = {}
        data["language"] = np.array([codes.setdefault(lang, len(codes)) for lang in self.languages], dtype=np.int32)
        data["size"] = np.frombuffer(self._sizes, dtype=np.int32).copy()
        encoded = [r.encode("utf-8") for r in self._rare]
        data["rare.indptr"] = np.concatenate(([0], np.cumsum([len(b) for b in encoded], dtype=np.int64))).astype(np.int64)
        data["rare.bytes"] = np.frombuffer(b"".join(encoded), dtype=np.uint8).copy()
        self.arrays = TableArrays(data)
        self.arrays.canonicalise()
        return self.arrays

    def save(self, directory: str | Path) -> Path:
        """Write the frozen arrays to ``directory`` (one .npy file each) for :func:`load_arrays`."""
        return self.freeze().save(directory)


class TableArrays:
    """The numeric part of a frozen table: CSR arrays per feature map and per-row columns.

    Everything pair scoring reads, and nothing else (no ids, titles or
    feature names), so that worker processes can memory-map it.
    """

    def __init__(self, data: dict[str, np.ndarray]):
        self.data = data
        self._matrices: dict[str, object] = {}

    def __len__(self) -> int:
        return len(self.data["size"])

    def canonicalise(self) -> None:
        """Sort each row by column and add up repeated columns (see :meth:`FingerprintTable.freeze`)."""
        for name in MAPS:
            matrix = self.matrix(name)
            matrix.sum_duplicates()
            self.data[f"{name}.indptr"] = matrix.indptr.astype(np.int64)
            self.data[f"{name}.cols"], self.data[f"{name}.vals"] = matrix.indices, matrix.data

    def csr(self, name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return self.data[f"{name}.indptr"], self.data[f"{name}.cols"], self.data[f"{name}.vals"]

    def matrix(self, name: str):
        """The scipy CSR matrix of one feature map (rows: documents; columns: hashed features)."""
        matrix = self._matrices.get(name)
        if matrix is None:
            from scipy.sparse import csr_matrix

            indptr, cols, vals = self.csr(name)
            matrix = csr_matrix((vals, cols, indptr), shape=(len(self), _COLUMNS), copy=False)
            self._matrices[name] = matrix
        return matrix

    def rare(self, row: int) -> tuple[str, ...]:
        indptr, blob = self.data["rare.indptr"], self.data["rare.bytes"]
        raw = blob[int(indptr[row]):int(indptr[row + 1])].tobytes().decode("utf-8")
        return tuple(raw.split(_SEP)) if raw else ()

    def save(self, directory: str | Path) -> Path:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        for key, value in self.data.items():
            np.save(directory / f"{key}.npy", value, allow_pickle=False)
        (directory / "table.json").write_text(json.dumps({"keys": sorted(self.data)}))
        return directory


def load_arrays(directory: str | Path) -> TableArrays:
    """Memory-map arrays written by :meth:`FingerprintTable.save` (read-only, shared between processes)."""
    directory = Path(directory)
    meta = json.loads((directory / "table.json").read_text())
    data = {key: np.load(directory / f"{key}.npy", mmap_mode="r", allow_pickle=False) for key in meta["keys"]}
    return TableArrays(data)
