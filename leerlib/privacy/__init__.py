"""Privacy by default.

Keyed pseudonyms, removal of names and free text, small-group suppression, k-anonymity.
"""

from leerlib.privacy.anonymity import (
    QUASI_IDENTIFIER_WORDS,
    id_like_columns,
    k_anonymize,
    k_anonymize_graph,
    quasi_identifiers,
    unique_people,
)
from leerlib.privacy.keys import (
    KEY_ENV,
    MIN_KEY_BYTES,
    generate_key,
    key_check,
    load_key,
    session_key,
)
from leerlib.privacy.links import (
    SIGNED_LINKS_ENV,
    check_code,
    personal_code,
    personal_links,
    signed_links_enabled,
)
from leerlib.privacy.pseudonyms import (
    ID_COLUMNS,
    REDACTED,
    is_pseudonymized,
    personal_columns,
    pseudonym,
    pseudonym_map,
    pseudonymize,
)
from leerlib.privacy.suppression import (
    DEFAULT_THRESHOLD,
    group_sizes,
    hidden_groups,
    mask_small_groups,
    small_groups,
    small_label,
    suppress_matrix,
    suppress_small_groups,
)

__all__ = [
    "KEY_ENV",
    "MIN_KEY_BYTES",
    "ID_COLUMNS",
    "REDACTED",
    "load_key",
    "generate_key",
    "session_key",
    "key_check",
    "pseudonym",
    "pseudonym_map",
    "pseudonymize",
    "personal_columns",
    "is_pseudonymized",
    "SIGNED_LINKS_ENV",
    "personal_code",
    "check_code",
    "personal_links",
    "signed_links_enabled",
    "DEFAULT_THRESHOLD",
    "group_sizes",
    "small_groups",
    "suppress_small_groups",
    "suppress_matrix",
    "small_label",
    "hidden_groups",
    "mask_small_groups",
    "QUASI_IDENTIFIER_WORDS",
    "quasi_identifiers",
    "id_like_columns",
    "unique_people",
    "k_anonymize",
    "k_anonymize_graph",
]
