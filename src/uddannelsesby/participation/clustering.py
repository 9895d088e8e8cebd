"""Opinion groups from a vote matrix, in the way of pol.is: PCA, then k-means.

The number of groups is the one (2 to 5) with the best silhouette score among those where every
group has at least ``min_size`` members (a smaller opinion group would show how a handful of
people voted). Every step is seeded, so the same votes always give the same groups.

Participants with too few votes to place (``extra``) do not shape the groups, but each is put
in the nearest one, so that the vote totals minus the groups' votes leave nobody's votes over.
"""

from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

SEED = 0
MIN_PARTICIPANTS = 10
MAX_GROUPS = 5
SILHOUETTE_SAMPLE = 1000  # a seeded sample: the score is quadratic in its size


@dataclass(frozen=True)
class StatementStats:
    index: int
    agree: list[float]  # per group, share of its members that agree
    disagree: list[float]
    consensus: float  # the lowest agreement (or disagreement) share over the groups
    divide: float  # the spread of agreement shares between the groups

    @property
    def cells(self) -> list[tuple[int, int]]:
        """(agree %, disagree %) per group, rounded for display."""
        return [
            (round(a * 100), round(d * 100)) for a, d in zip(self.agree, self.disagree, strict=True)
        ]


@dataclass(frozen=True)
class Groups:
    labels: np.ndarray  # a group number per participant (row of the matrix)
    sizes: list[int]
    statements: list[StatementStats]
    silhouette: float

    @property
    def count(self) -> int:
        return len(self.sizes)


def opinion_groups(
    votes: np.ndarray, *, min_size: int = 1, extra: np.ndarray | None = None
) -> Groups | None:
    """Votes are rows of participants, columns of statements: 1 agree, -1 disagree, 0 pass or
    not voted. None when there are too few participants to say anything. The labels cover the
    rows of ``votes`` and then those of ``extra``."""
    # One thread: on a busy web server, OpenMP's thread pool makes these small problems ten
    # times slower, not faster.
    with threadpool_limits(limits=1):
        return _opinion_groups(votes, min_size, extra)


def _opinion_groups(votes: np.ndarray, min_size: int, extra: np.ndarray | None) -> Groups | None:
    # scikit-learn takes seconds to import: only the pages that cluster pay for it.
    from sklearn.cluster import KMeans
    from sklearn.decomposition import PCA
    from sklearn.metrics import silhouette_score

    participants, statements = votes.shape
    if participants < MIN_PARTICIPANTS or statements < 2:
        return None
    if extra is None:
        extra = np.zeros((0, statements), dtype=votes.dtype)
    pca = PCA(n_components=2, random_state=SEED)
    points = pca.fit_transform(votes.astype(np.float64))
    placed = pca.transform(extra.astype(np.float64)) if len(extra) else None
    best: tuple[float, np.ndarray] | None = None
    distinct = len(np.unique(points.round(9), axis=0))
    for k in range(2, min(MAX_GROUPS, participants - 1, distinct) + 1):
        model = KMeans(n_clusters=k, n_init=4, random_state=SEED).fit(points)
        labels = model.labels_
        if placed is not None:
            labels = np.concatenate([labels, model.predict(placed)])
        if len(set(labels[:participants].tolist())) < 2 or np.bincount(labels).min() < min_size:
            continue
        score = float(
            silhouette_score(
                points,
                labels[:participants],
                sample_size=min(SILHOUETTE_SAMPLE, participants),
                random_state=SEED,
            )
        )
        if best is None or score > best[0] + 1e-9:
            best = (score, labels)
    if best is None:
        return None
    score, labels = best
    votes = np.concatenate([votes, extra]) if len(extra) else votes
    labels = _ordered(labels)
    k = int(labels.max()) + 1
    sizes = np.bincount(labels, minlength=k)
    agree = np.zeros((k, statements))
    disagree = np.zeros((k, statements))
    for group in range(k):
        members = votes[labels == group]
        agree[group] = (members == 1).mean(axis=0)
        disagree[group] = (members == -1).mean(axis=0)
    consensus = np.maximum(agree.min(axis=0), disagree.min(axis=0))
    divide = agree.max(axis=0) - agree.min(axis=0)
    return Groups(
        labels=labels,
        sizes=sizes.tolist(),
        silhouette=score,
        statements=[
            StatementStats(
                index=i,
                agree=agree[:, i].round(3).tolist(),
                disagree=disagree[:, i].round(3).tolist(),
                consensus=float(consensus[i]),
                divide=float(divide[i]),
            )
            for i in range(statements)
        ],
    )


def _ordered(labels: np.ndarray) -> np.ndarray:
    """Number the groups by size, largest first, so "group A" is stable and meaningful."""
    counts = np.bincount(labels)
    order = np.argsort(-counts, kind="stable")
    mapping = np.empty_like(order)
    mapping[order] = np.arange(len(order))
    return mapping[labels]
