"""case_support domain: aggregates and pure rules, no I/O (aggregates record their events).

``kinds`` the vocabulary (mirrors the contract), ``pseudonym`` client codes and reporting pseudonyms,
``consent`` consent per purpose, ``needs`` needs and eligibility rules, ``referral`` referrals and
their lifecycle, ``plan`` case plan and follow-ups, ``case`` the case aggregate, ``records`` the
shapes of a case's values and events.
"""
