"""Rejected (a problem that stops reading a file) and the limits every file is held to, read from config."""

from __future__ import annotations

from dataclasses import dataclass

from lapas_metrics import config


class Rejected(Exception):
    """A problem that stops reading the file: the result's one file-level Problem."""


def figure(number: int) -> str:
    """1048576 -> '1.048.576', as an Indonesian reader writes it."""
    return f"{number:,}".replace(",", ".")


def file_too_big(size: int, limit: int) -> Rejected:
    """A file of `size` bytes over the upload limit of `limit` bytes, in MB as the reader sees it."""
    shown, most = (f"{n / 2**20:.1f}".replace(".", ",") for n in (size, limit))
    return Rejected(f"File berukuran {shown} MB melebihi batas {most} MB.")


@dataclass(frozen=True)
class Limits:
    """What a file may hold, whatever it claims: rows with data, columns, characters in a cell, and
    bytes once the parts of an XLSX are inflated."""

    rows: int
    columns: int
    cell_chars: int
    unpacked_bytes: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(config.max_rows(), config.max_columns(), config.max_cell_chars(), config.max_unpacked_bytes())

    def too_many_rows(self) -> Rejected:
        return Rejected(f"File berisi lebih dari {figure(self.rows)} baris; pecah menjadi beberapa file.")

    def too_many_columns(self, where: str) -> Rejected:
        return Rejected(
            f"{where} berisi data di luar {figure(self.columns)} kolom pertama; hapus kolom yang tidak dipakai."
        )

    def too_long(self, where: str) -> Rejected:
        return Rejected(f"{where}: isi sel lebih dari {figure(self.cell_chars)} karakter.")

    def too_big_unpacked(self) -> Rejected:
        most = figure(self.unpacked_bytes // 2**20)
        return Rejected(
            f"Isi file XLSX setelah dibuka melebihi batas {most} MB (file dimampatkan secara tidak wajar "
            "atau terlalu besar); simpan sebagai CSV atau pecah menjadi beberapa file."
        )
