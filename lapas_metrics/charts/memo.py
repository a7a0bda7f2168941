"""Figures kept per process: a chart built from the same frames and words is built once and shared by every session."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import plotly.graph_objects as go

# Building a plotly figure (validation of every property) costs 20–50 ms; handing a built one to
# st.plotly_chart costs about 2. Kept figures are shared between sessions (threads) and never
# changed after they are built: no caller updates a figure it got from a builder (tests check).
MAX_FIGURES = 128
_LOCK = threading.Lock()
_FIGURES: OrderedDict[Hashable, go.Figure] = OrderedDict()
_SCALARS = (str, int, float, bool, type(None), dt.date, dt.datetime, pd.Timestamp, np.integer, np.floating)
Builder = TypeVar("Builder", bound=Callable[..., go.Figure])


class KeptFigure(go.Figure):
    """A kept figure. Its dictionary (to_dict: what st.plotly_chart sends, deep-copied and base64-encoded by
    plotly on every call, a tenth of a rerun) is made once and then shared: read it, never change it."""

    def to_dict(self) -> dict[str, Any]:
        made: dict[str, Any] | None = self.__dict__.get("_kept_dict")
        if made is None:
            made = super().to_dict()
            self._kept_dict = made
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        # plotly's own adds keys to the dictionary to_dict gave: a copy or a pickle gets a plain figure
        props = go.Figure.to_dict(self)
        props["_grid_str"], props["_grid_ref"] = self._grid_str, self._grid_ref
        return (go.Figure, (props,))


class _Uncacheable(Exception):
    """An argument whose content cannot be fingerprinted: the figure is built each time."""


def _dtype_text(dtype: Any) -> str:
    """A dtype as text; a categorical's with its categories and order, which order its groups in a chart
    (its name is 'category' whatever they are, and its values hash by value alone)."""
    if isinstance(dtype, pd.CategoricalDtype):
        return repr(("category", bool(dtype.ordered), str(dtype.categories.dtype), dtype.categories.tolist()))
    return str(dtype)


def _frame_digest(frame: pd.DataFrame | pd.Series) -> str:
    values = pd.util.hash_pandas_object(frame, index=True).to_numpy()
    digest = hashlib.blake2b(values.tobytes(), digest_size=16)
    digest.update(repr(frame.index.names).encode())
    if isinstance(frame, pd.DataFrame):
        digest.update(repr([(str(name), _dtype_text(dtype)) for name, dtype in frame.dtypes.items()]).encode())
    else:
        digest.update(repr((frame.name, _dtype_text(frame.dtype))).encode())
    return digest.hexdigest()


def fingerprint(value: Any) -> Hashable:
    """A hashable key that equals another exactly when the content does (frames by their values, dtypes and
    labels); _Uncacheable for anything else."""
    if isinstance(value, _SCALARS):
        return (type(value).__name__, value)
    if isinstance(value, pd.DataFrame | pd.Series):
        try:
            return ("frame", _frame_digest(value))
        except TypeError as error:  # unhashable cells (lists, dicts)
            raise _Uncacheable from error
    if isinstance(value, np.ndarray):
        return ("array", str(value.dtype), value.shape, hashlib.blake2b(value.tobytes(), digest_size=16).hexdigest())
    if isinstance(value, tuple | list):
        return (type(value).__name__, tuple(fingerprint(item) for item in value))
    if isinstance(value, Mapping):
        return ("mapping", tuple((fingerprint(k), fingerprint(v)) for k, v in value.items()))
    raise _Uncacheable


def kept(builder: Builder) -> Builder:
    """`builder`, answering from the process's kept figures when called again with the same content."""

    @functools.wraps(builder)
    def answer(*args: Any, **kwargs: Any) -> go.Figure:
        try:
            key = (builder.__module__, builder.__qualname__, fingerprint(args), fingerprint(sorted(kwargs.items())))
        except _Uncacheable:
            return builder(*args, **kwargs)
        with _LOCK:
            figure = _FIGURES.get(key)
            if figure is not None:
                _FIGURES.move_to_end(key)
                return figure
        figure = builder(*args, **kwargs)
        if type(figure) is go.Figure:
            figure.__class__ = KeptFigure
        with _LOCK:
            _FIGURES[key] = figure
            while len(_FIGURES) > MAX_FIGURES:
                _FIGURES.popitem(last=False)
        return figure

    answer.build = builder  # type: ignore[attr-defined]
    return answer  # type: ignore[return-value]


def forget() -> None:
    """Drop every kept figure (tests; a long-running server needs no call: the oldest go first)."""
    with _LOCK:
        _FIGURES.clear()
