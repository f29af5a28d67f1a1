"""Delivery: a design document as the files ad platforms take, within their byte budgets.

``svg`` (vector, text as outlines; ``textpath``), ``html5`` (zip with clickTag and CSS
animation), ``platforms`` (each platform's sizes, formats and limits, with sources),
``fit`` (still images searched for the best quality under a budget) and ``deliver`` (all of
it for one document and platform).
"""
