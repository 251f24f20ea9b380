"""Privacy by default: keyed pseudonyms, removal of names and free text, small-group suppression."""

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
    small_groups,
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
]
