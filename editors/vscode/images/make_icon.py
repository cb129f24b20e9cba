#!/usr/bin/env python3
"""Draws images/icon.png (128x128): a page of text lines, one with an amber squiggle.

Standard library only (zlib PNG writer, 4x supersampling). Run: python3 make_icon.py
"""
import math
import struct
import zlib

N, SS = 128, 4                      # output size, supersampling factor
W = N * SS
BG = (30, 41, 59)                   # slate
PAGE = (241, 245, 249)
INK = (100, 116, 139)
AMBER = (245, 158, 11)
GREEN = (34, 197, 94)


def inside_round_rect(x, y, x0, y0, x1, y1, r):
    if not (x0 <= x <= x1 and y0 <= y <= y1):
        return False
    cx = min(max(x, x0 + r), x1 - r)
    cy = min(max(y, y0 + r), y1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def color_at(x, y):
    """x, y in 0..128 (float). Returns RGBA."""
    if not inside_round_rect(x, y, 4, 4, 124, 124, 22):
        return (0, 0, 0, 0)
    c = BG
    if inside_round_rect(x, y, 22, 16, 106, 112, 8):
        c = PAGE
        # text lines: (y, x_start, x_end)
        for ly, lx0, lx1 in ((32, 32, 96), (46, 32, 84), (64, 32, 96), (90, 32, 76)):
            if inside_round_rect(x, y, lx0, ly - 3, lx1, ly + 3, 3):
                c = INK
        # the flagged phrase on line 3, with a wavy underline below it
        if inside_round_rect(x, y, 52, 61, 88, 67, 3):
            c = (71, 85, 105)
        wave = 75 + 3.2 * math.sin((x - 50) / 3.2)
        if 50 <= x <= 90 and abs(y - wave) <= 2.0:
            c = AMBER
        # a small check mark (the blameless rewrite)
        d1 = abs((y - 96) - (x - 84)) / math.sqrt(2)     # down-right stroke
        d2 = abs((y - 102) + (x - 90)) / math.sqrt(2)    # up-right stroke
        if (84 <= x <= 90 and 95 <= y <= 103 and d1 <= 2.3) or (89 <= x <= 100 and 89 <= y <= 103 and d2 <= 2.3):
            c = GREEN
    return c + (255,)


def main():
    rows = []
    for oy in range(N):
        row = bytearray([0])
        for ox in range(N):
            acc = [0, 0, 0, 0]
            for sy in range(SS):
                for sx in range(SS):
                    r, g, b, a = color_at(ox + (sx + 0.5) / SS, oy + (sy + 0.5) / SS)
                    acc[0] += r * a; acc[1] += g * a; acc[2] += b * a; acc[3] += a
            a = acc[3]
            px = [round(acc[i] / a) if a else 0 for i in range(3)] + [round(a / (SS * SS))]
            row += bytes(px)
        rows.append(bytes(row))

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", N, N, 8, 6, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")
    with open("icon.png", "wb") as f:
        f.write(png)


if __name__ == "__main__":
    main()
