"""One round of the witness: fetch the newest checkpoint, check it against the one it cosigned
last, and either cosign it or refuse it and raise an alarm.

It cosigns only a checkpoint that is signed by the log's key, names the log's origin, and
extends the last cosigned tree (an RFC 9162 consistency proof). Its state moves forward
before the cosignature is posted, so it can never later cosign a tree that conflicts.
"""

import base64
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from datameent import tlog
from municipal_gateway.constants import WitnessRefusal
from vault import signing
from witness import state as witness_state
from witness.client import LogClient, LogRefused

logger = logging.getLogger("datameent.witness")


class Refusal(Exception):
    def __init__(self, reason: str, detail: str, tree_size: int | None = None) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason, self.detail, self.tree_size = reason, detail, tree_size


# Why a witness refuses; each is an alarm.
MALFORMED = WitnessRefusal.MALFORMED.value
BAD_SIGNATURE = WitnessRefusal.BAD_SIGNATURE.value
WRONG_ORIGIN = WitnessRefusal.WRONG_ORIGIN.value
SHRUNK = WitnessRefusal.SHRUNK.value
REPLAYED = WitnessRefusal.REPLAYED.value
SPLIT_VIEW = WitnessRefusal.SPLIT_VIEW.value
INCONSISTENT = WitnessRefusal.INCONSISTENT.value

COSIGNED, REFRESHED = "cosigned", "refreshed"


@dataclass
class Witness:
    name: str
    seed: bytes
    log: tlog.Verifier  # the log's key, under its origin
    client: LogClient
    state_file: Path
    clock: Callable[[], float] = time.time

    def run_once(self) -> str:
        """COSIGNED or REFRESHED; raises Refusal (after raising the alarm) or LogUnreachable."""
        try:
            return self._round()
        except Refusal as refusal:
            logger.error("Witness %s refuses the checkpoint: %s", self.name, refusal)
            self._alarm(refusal)
            raise

    def _round(self) -> str:
        text, checkpoint = self._fetch()
        state = witness_state.load(self.state_file)
        if state.size is not None:
            self._check_against(state, state.size, checkpoint)
        # The same tree is cosigned again: a cosignature says "the largest tree I have seen,
        # as of this time", so residents can tell a live witness from a silent one.
        outcome = REFRESHED if state.size == checkpoint.size else COSIGNED
        now = int(self.clock())
        state.remember(
            origin=checkpoint.origin,
            size=checkpoint.size,
            root_hash=checkpoint.root_hash,
            cosigned_at=now,
        )
        witness_state.save(self.state_file, state)
        line = tlog.cosign(text, name=self.name, seed=self.seed, timestamp=now)
        self.client.cosign(str(tlog.Note(text, (line,))))
        logger.info("Witness %s cosigned %s at size %s", self.name, self.log.name, checkpoint.size)
        return outcome

    def _fetch(self) -> tuple[str, tlog.Checkpoint]:
        try:
            note = tlog.parse_note(self.client.checkpoint())
            checkpoint = tlog.parse_checkpoint(note.text)
        except tlog.NoteError as error:
            raise Refusal(MALFORMED, str(error)) from None
        if checkpoint.origin != self.log.name:
            raise Refusal(WRONG_ORIGIN, f"the checkpoint is of {checkpoint.origin!r}")
        signed = any(tlog.verify_note_signature(note.text, s, self.log) for s in note.signatures)
        if not signed:
            raise Refusal(BAD_SIGNATURE, "no valid signature of the log's key", checkpoint.size)
        return note.text, checkpoint

    def _check_against(
        self, state: witness_state.State, cosigned: int, checkpoint: tlog.Checkpoint
    ) -> None:
        size, root = checkpoint.size, checkpoint.root_hash
        if size < cosigned:
            if (size, root) in state.history:
                detail = f"an old checkpoint of size {size}; it cosigned size {cosigned}"
                raise Refusal(REPLAYED, detail, size)
            raise Refusal(SHRUNK, f"the tree shrank from {cosigned} to {size}", size)
        if size == cosigned:
            if root != state.root_hash:
                detail = f"another root hash for size {size} than the one it cosigned"
                raise Refusal(SPLIT_VIEW, detail, size)
            return
        try:
            proof = self.client.consistency(cosigned, size)
        except LogRefused as error:
            raise Refusal(INCONSISTENT, f"no consistency proof: {error}", size) from None
        consistent = tlog.verify_consistency(
            first=cosigned,
            second=size,
            proof=proof,
            first_hash=state.root_hash,
            second_hash=root,
        )
        if not consistent:
            detail = f"size {size} does not extend the cosigned tree of size {cosigned}"
            raise Refusal(INCONSISTENT, detail, size)

    def _alarm(self, refusal: Refusal) -> None:
        """Tell the council through the log's alarm endpoint, signed with the witness's key.
        A log that will not take it does not silence the alarm: the exit status stays."""
        raised_at, detail = int(self.clock()), refusal.detail[:2000]
        message = tlog.alarm_message(
            witness=self.name,
            raised_at=raised_at,
            reason=refusal.reason,
            tree_size=refusal.tree_size,
            detail=detail,
        )
        alarm = {
            "witness": self.name,
            "raised_at": raised_at,
            "reason": refusal.reason,
            "tree_size": refusal.tree_size,
            "detail": detail,
            "signature": base64.b64encode(signing.ed25519_sign(self.seed, message)).decode(),
        }
        try:
            self.client.alarm(alarm)
        except Exception as error:  # noqa: BLE001 - any failure here must not hide the refusal
            logger.error("Witness %s could not deliver its alarm: %s", self.name, error)
