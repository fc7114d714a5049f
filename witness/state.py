"""The witness's own memory: one small JSON file, never the municipality's database.

It holds the checkpoint the witness cosigned last and the (size, root) of those before,
so it can tell a replayed old checkpoint from a shrunk tree.
"""

import base64
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

HISTORY = 1000


@dataclass
class State:
    origin: str = ""
    size: int | None = None
    root_hash: bytes = b""
    cosigned_at: int | None = None
    history: list[tuple[int, bytes]] = field(default_factory=list)

    def remember(self, *, origin: str, size: int, root_hash: bytes, cosigned_at: int) -> None:
        if (size, root_hash) not in self.history:
            self.history = [*self.history, (size, root_hash)][-HISTORY:]
        self.origin, self.size, self.root_hash, self.cosigned_at = (
            origin,
            size,
            root_hash,
            cosigned_at,
        )


def load(path: Path) -> State:
    if not path.exists():
        return State()
    data = json.loads(path.read_text())
    return State(
        origin=data["origin"],
        size=data["size"],
        root_hash=base64.b64decode(data["root_hash"]),
        cosigned_at=data["cosigned_at"],
        history=[(size, base64.b64decode(root)) for size, root in data["history"]],
    )


def save(path: Path, state: State) -> None:
    """Written whole to a temporary file and renamed, so a crash never leaves half a state."""
    data = {
        "origin": state.origin,
        "size": state.size,
        "root_hash": base64.b64encode(state.root_hash).decode(),
        "cosigned_at": state.cosigned_at,
        "history": [[size, base64.b64encode(root).decode()] for size, root in state.history],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(data, indent=1))
    os.replace(temporary, path)
