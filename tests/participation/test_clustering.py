import numpy as np

from uddannelsesby.participation.clustering import opinion_groups


def planted(n: int = 120, statements: int = 30, noise: float = 0.1, seed: int = 1):
    rng = np.random.default_rng(seed)
    truth = np.array([0] * (n // 2) + [1] * (n - n // 2))
    pattern = np.where(np.arange(statements) < statements // 2, 1, -1)
    votes = np.where(truth[:, None] == 0, pattern, -pattern).astype(np.int8)
    flip = rng.random(votes.shape) < noise
    votes[flip] = rng.choice([-1, 0, 1], size=int(flip.sum()))
    unvoted = rng.random(votes.shape) < 0.2
    votes[unvoted] = 0
    return votes, truth


def test_two_planted_groups_are_found():
    votes, truth = planted()
    groups = opinion_groups(votes)
    assert groups is not None
    assert groups.count == 2
    agreement = (groups.labels == truth).mean()
    assert max(agreement, 1 - agreement) == 1.0


def test_a_shared_statement_unites_and_a_split_one_divides():
    votes, _truth = planted()
    votes[:, 0] = 1  # everyone agrees with statement 0
    groups = opinion_groups(votes)
    stats = groups.statements
    assert max(stats, key=lambda s: s.consensus).index == 0
    assert stats[0].consensus == 1.0
    assert stats[5].divide > 0.6


def test_same_votes_same_groups():
    votes, _truth = planted(seed=3)
    assert (opinion_groups(votes).labels == opinion_groups(votes).labels).all()


def test_too_few_participants_give_no_groups():
    assert opinion_groups(np.ones((5, 10), dtype=np.int8)) is None
    assert opinion_groups(np.zeros((0, 10), dtype=np.int8)) is None
