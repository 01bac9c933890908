"""Recovery codes: a few short words that let a student sign back in on another device."""

import hmac
import secrets

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from app.models import Student

# Short, common, unambiguous English words; easy to read aloud and to type on a phone in any of our languages.
WORDS = [
    "apple",
    "arrow",
    "bamboo",
    "banana",
    "beach",
    "berry",
    "bird",
    "boat",
    "bread",
    "brick",
    "bridge",
    "cactus",
    "cake",
    "camel",
    "candle",
    "canoe",
    "carrot",
    "castle",
    "cherry",
    "cloud",
    "clover",
    "coffee",
    "comet",
    "coral",
    "cotton",
    "crab",
    "crane",
    "daisy",
    "desert",
    "dolphin",
    "dragon",
    "drum",
    "eagle",
    "earth",
    "echo",
    "falcon",
    "feather",
    "fern",
    "forest",
    "fox",
    "frog",
    "garden",
    "ginger",
    "glass",
    "globe",
    "grape",
    "guitar",
    "harbor",
    "hazel",
    "honey",
    "horse",
    "island",
    "ivory",
    "jacket",
    "jelly",
    "jungle",
    "kettle",
    "kite",
    "koala",
    "ladder",
    "lemon",
    "lily",
    "lion",
    "lotus",
    "magnet",
    "mango",
    "maple",
    "meadow",
    "melon",
    "mint",
    "moon",
    "mountain",
    "mushroom",
    "music",
    "nest",
    "ocean",
    "olive",
    "onion",
    "orange",
    "otter",
    "owl",
    "panda",
    "paper",
    "parrot",
    "peach",
    "pearl",
    "pencil",
    "pepper",
    "piano",
    "pilot",
    "planet",
    "plum",
    "pocket",
    "pony",
    "potato",
    "pumpkin",
    "puzzle",
    "quilt",
    "rabbit",
    "rain",
    "river",
    "robin",
    "rocket",
    "rose",
    "salmon",
    "sand",
    "seal",
    "shell",
    "silver",
    "snow",
    "sock",
    "spoon",
    "squid",
    "star",
    "stone",
    "sugar",
    "summer",
    "sun",
    "swan",
    "table",
    "tiger",
    "tomato",
    "tulip",
    "turtle",
    "violin",
    "walnut",
    "water",
    "whale",
    "willow",
    "window",
    "winter",
    "wolf",
    "zebra",
]
RECOVERY_WORDS = 3
HASH_METHOD = "pbkdf2:sha256:60000"  # fast enough to set for a whole class; guessing is rate limited


def new_recovery_code() -> str:
    return " ".join(secrets.choice(WORDS) for _ in range(RECOVERY_WORDS))


def normalise_recovery_code(raw: str) -> str:
    return " ".join(raw.lower().replace("-", " ").split())


def recovery_code_for_join(join_token: str) -> str:
    """The recovery code for one join form: the same for a double-clicked Join, unguessable without the key."""
    digest = hmac.digest(current_app.config["SECRET_KEY"].encode(), b"join:" + join_token.encode(), "sha256")
    return " ".join(WORDS[int.from_bytes(digest[8 * i : 8 * i + 8]) % len(WORDS)] for i in range(RECOVERY_WORDS))


def hash_recovery_code(code: str) -> str:
    return generate_password_hash(normalise_recovery_code(code), method=HASH_METHOD)


def set_recovery_code(student: Student, code: str) -> None:
    student.recovery_hash = hash_recovery_code(code)


def check_recovery_code(student: Student, code: str) -> bool:
    return check_password_hash(student.recovery_hash, normalise_recovery_code(code))


# The hash of a code nobody has: checked when the class or nickname doesn't exist, so that a wrong guess takes
# as long whether or not the nickname is in the class.
DUMMY_RECOVERY_HASH = generate_password_hash(secrets.token_hex(8), method=HASH_METHOD)


def recovery_code_matches(student: Student | None, code: str) -> bool:
    """Whether the code is this student's; always one hash check, even when there is no such student."""
    matches = check_password_hash(
        student.recovery_hash if student else DUMMY_RECOVERY_HASH, normalise_recovery_code(code)
    )
    return student is not None and matches
