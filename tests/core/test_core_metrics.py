"""Quality floors on labelled data, and minimal pairs.

Floors for shared/eval/dev.jsonl are the targets the project is judged by on
unseen posts. The other sets are regression guards, about 0.03 below what the
analyzer scored when they were set; raise them as it improves. They measure
the rules alone (the `analyzer` fixture); the learned layer shipped with the
bot is checked in tests/learning/test_learning_shipped.py.
labelled.jsonl and labelled2.jsonl onwards are our development sets (their
misclassifications were read; the stress sets among them, named in the
README, are mostly near-misses, so their macro-F1 is low by design);
holdout.jsonl was written separately and looked at once; blind.jsonl and
blind2.jsonl were written separately and only their totals were read until
they had been used for a few choices; blind3.jsonl onwards were written by
authors who saw neither our data nor our rules, and each was scored once,
at the end of the session it was written in: they are our estimate for
unseen posts (the older ones have since been read, see the README).
"""
from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import pytest

from bot.core.evaluation import format_report, score

from ._support import LABELLED, SHARED_DEV, difference, labels_of, load_jsonl

METRICS = ("intent_acc", "verdict_acc", "profession_acc", "risk_macro_f1", "exception_macro_f1", "exact_match")
DEV_FLOORS = dict(zip(METRICS, (0.97, 0.92, 0.95, 0.88, 0.92, 0.65)))
# scored 2026-12-01 (session 22): 0.997 0.981 0.996 0.961 0.973 0.926
LABELLED_FLOORS = dict(zip(METRICS, (0.96, 0.95, 0.96, 0.93, 0.94, 0.89)))
# scored 2026-12-01 (session 22), in the same order
REGRESSION_FLOORS = {
    "labelled2.jsonl": dict(zip(METRICS, (0.96, 0.95, 0.97, 0.94, 0.96, 0.88))),  # 0.995 0.988 1.000 0.977 0.991 0.912
    "labelled3.jsonl": dict(zip(METRICS, (0.96, 0.95, 0.95, 0.95, 0.95, 0.89))),  # 0.995 0.989 0.989 0.981 0.988 0.920
    "labelled4.jsonl": dict(zip(METRICS, (0.96, 0.93, 0.94, 0.87, 0.89, 0.74))),  # 0.994 0.969 0.977 0.907 0.928 0.777
    "labelled5.jsonl": dict(zip(METRICS, (0.96, 0.97, 0.97, 0.91, 0.97, 0.87))),  # 0.995 1.000 1.000 0.948 1.000 0.909
    "labelled6.jsonl": dict(zip(METRICS, (0.97, 0.94, 0.97, 0.92, 0.88, 0.83))),  # 1.000 0.978 1.000 0.953 0.915 0.867
    "labelled7.jsonl": dict(zip(METRICS, (0.95, 0.95, 0.94, 0.93, 0.97, 0.85))),  # 0.983 0.986 0.971 0.960 1.000 0.886
    "labelled8.jsonl": dict(zip(METRICS, (0.94, 0.97, 0.95, 0.90, 0.97, 0.85))),  # 0.978 1.000 0.988 0.940 1.000 0.881
    "labelled9.jsonl": dict(zip(METRICS, (0.96, 0.97, 0.97, 0.92, 0.97, 0.88))),  # 0.993 1.000 1.000 0.953 1.000 0.920
    "labelled10.jsonl": dict(zip(METRICS, (0.96, 0.96, 0.96, 0.91, 0.95, 0.86))),  # 0.993 0.991 0.991 0.948 0.986 0.893
    "labelled11.jsonl": dict(zip(METRICS, (0.96, 0.90, 0.97, 0.86, 0.90, 0.68))),  # 0.992 0.933 1.000 0.893 0.938 0.711
    "labelled12.jsonl": dict(zip(METRICS, (0.95, 0.92, 0.93, 0.84, 0.94, 0.71))),  # 0.980 0.955 0.964 0.872 0.976 0.745
    "labelled13.jsonl": dict(zip(METRICS, (0.95, 0.96, 0.96, 0.89, 0.97, 0.80))),  # 0.980 0.991 0.991 0.923 1.000 0.836
    "labelled14.jsonl": dict(zip(METRICS, (0.95, 0.89, 0.96, 0.87, 0.88, 0.74))),  # 0.987 0.927 0.991 0.909 0.920 0.773
    "labelled15.jsonl": dict(zip(METRICS, (0.95, 0.91, 0.92, 0.88, 0.93, 0.80))),  # 0.980 0.948 0.957 0.911 0.962 0.835
    "labelled16.jsonl": dict(zip(METRICS, (0.93, 0.95, 0.95, 0.91, 0.97, 0.87))),  # 0.967 0.988 0.988 0.946 1.000 0.906
    "labelled17.jsonl": dict(zip(METRICS, (0.96, 0.95, 0.95, 0.72, 0.97, 0.66))),  # 0.992 0.983 0.983 0.752 1.000 0.692
    "labelled18.jsonl": dict(zip(METRICS, (0.97, 0.87, 0.97, 0.77, 0.91, 0.68))),  # 1.000 0.908 1.000 0.804 0.944 0.717
    "labelled19.jsonl": dict(zip(METRICS, (0.95, 0.91, 0.94, 0.89, 0.92, 0.80))),  # 0.987 0.946 0.973 0.928 0.955 0.838
    "labelled20.jsonl": dict(zip(METRICS, (0.94, 0.95, 0.97, 0.84, 0.97, 0.80))),  # 0.975 0.980 1.000 0.878 1.000 0.830
    "labelled21.jsonl": dict(zip(METRICS, (0.97, 0.97, 0.97, 0.88, 0.97, 0.80))),  # 1.000 1.000 1.000 0.920 1.000 0.833
    "labelled22.jsonl": dict(zip(METRICS, (0.92, 0.95, 0.95, 0.89, 0.97, 0.86))),  # 0.950 0.990 0.990 0.927 1.000 0.899
    "labelled23.jsonl": dict(zip(METRICS, (0.95, 0.94, 0.94, 0.89, 0.97, 0.77))),  # 0.983 0.976 0.976 0.927 1.000 0.810
    "labelled24.jsonl": dict(zip(METRICS, (0.94, 0.95, 0.95, 0.81, 0.97, 0.80))),  # 0.975 0.980 0.980 0.841 1.000 0.832
    "labelled25.jsonl": dict(zip(METRICS, (0.93, 0.94, 0.96, 0.81, 0.97, 0.77))),  # 0.967 0.970 0.990 0.842 1.000 0.800
    "labelled26.jsonl": dict(zip(METRICS, (0.95, 0.93, 0.94, 0.83, 0.97, 0.67))),  # 0.983 0.960 0.970 0.864 1.000 0.700
    "labelled27.jsonl": dict(zip(METRICS, (0.92, 0.93, 0.92, 0.94, 0.97, 0.90))),  # 0.950 0.967 0.950 0.978 1.000 0.933
    "labelled28.jsonl": dict(zip(METRICS, (0.93, 0.84, 0.92, 0.83, 0.97, 0.63))),  # 0.967 0.879 0.955 0.869 1.000 0.667
    "labelled29.jsonl": dict(zip(METRICS, (0.92, 0.93, 0.96, 0.80, 0.92, 0.72))),  # 0.950 0.962 0.990 0.830 0.955 0.760
    "labelled30.jsonl": dict(zip(METRICS, (0.93, 0.95, 0.97, 0.85, 0.94, 0.75))),  # 0.967 0.988 1.000 0.883 0.976 0.787
    "labelled31.jsonl": dict(zip(METRICS, (0.97, 0.95, 0.97, 0.79, 0.91, 0.76))),  # 1.000 0.988 1.000 0.828 0.944 0.790
    "labelled32.jsonl": dict(zip(METRICS, (0.94, 0.94, 0.97, 0.87, 0.91, 0.77))),  # 0.978 0.975 1.000 0.901 0.944 0.800
    "labelled33.jsonl": dict(zip(METRICS, (0.97, 0.97, 0.95, 0.89, 0.97, 0.83))),  # 1.000 1.000 0.988 0.929 1.000 0.863
    "labelled34.jsonl": dict(zip(METRICS, (0.90, 0.93, 0.93, 0.88, 0.85, 0.75))),  # 0.933 0.964 0.964 0.914 0.889 0.782
    "labelled35.jsonl": dict(zip(METRICS, (0.94, 0.89, 0.97, 0.80, 0.89, 0.58))),  # 0.978 0.921 1.000 0.840 0.929 0.619
    "labelled36.jsonl": dict(zip(METRICS, (0.95, 0.90, 0.97, 0.86, 0.87, 0.74))),  # 0.989 0.933 1.000 0.896 0.900 0.773
    "labelled37.jsonl": dict(zip(METRICS, (0.94, 0.97, 0.97, 0.91, 0.97, 0.80))),  # 0.978 1.000 1.000 0.946 1.000 0.833
    "labelled38.jsonl": dict(zip(METRICS, (0.94, 0.94, 0.95, 0.89, 0.97, 0.80))),  # 0.978 0.975 0.988 0.926 1.000 0.838
    "labelled39.jsonl": dict(zip(METRICS, (0.95, 0.92, 0.94, 0.90, 0.93, 0.79))),  # 0.989 0.950 0.975 0.934 0.967 0.825
    "labelled40.jsonl": dict(zip(METRICS, (0.93, 0.92, 0.97, 0.91, 0.84, 0.77))),  # 0.967 0.950 1.000 0.943 0.875 0.800
    "labelled41.jsonl": dict(zip(METRICS, (0.94, 0.95, 0.95, 0.86, 0.97, 0.77))),  # 0.978 0.988 0.988 0.897 1.000 0.800
    "labelled42.jsonl": dict(zip(METRICS, (0.97, 0.97, 0.97, 0.90, 0.97, 0.85))),  # 1.000 1.000 1.000 0.940 1.000 0.887
    "labelled43.jsonl": dict(zip(METRICS, (0.95, 0.95, 0.97, 0.92, 0.92, 0.82))),  # 0.989 0.982 1.000 0.953 0.955 0.855
    "labelled44.jsonl": dict(zip(METRICS, (0.95, 0.91, 0.93, 0.89, 0.90, 0.82))),  # 0.989 0.945 0.964 0.926 0.931 0.855
    "labelled45.jsonl": dict(zip(METRICS, (0.95, 0.93, 0.95, 0.91, 0.84, 0.75))),  # 0.989 0.963 0.988 0.941 0.875 0.787
    "labelled46.jsonl": dict(zip(METRICS, (0.89, 0.93, 0.97, 0.85, 0.91, 0.73))),  # 0.922 0.960 1.000 0.888 0.944 0.760
    "labelled47.jsonl": dict(zip(METRICS, (0.89, 0.91, 0.87, 0.88, 0.97, 0.79))),  # 0.922 0.940 0.900 0.913 1.000 0.820
    "labelled48.jsonl": dict(zip(METRICS, (0.97, 0.93, 0.97, 0.88, 0.93, 0.83))),  # 1.000 0.967 1.000 0.918 0.967 0.867
    "labelled49.jsonl": dict(zip(METRICS, (0.94, 0.93, 0.94, 0.73, 0.97, 0.62))),  # 0.978 0.960 0.973 0.766 1.000 0.653
    "labelled50.jsonl": dict(zip(METRICS, (0.95, 0.92, 0.92, 0.88, 0.93, 0.75))),  # 0.989 0.957 0.957 0.919 0.967 0.786
    "labelled51.jsonl": dict(zip(METRICS, (0.91, 0.91, 0.95, 0.89, 0.97, 0.78))),  # 0.944 0.945 0.982 0.921 1.000 0.818
    "labelled52.jsonl": dict(zip(METRICS, (0.93, 0.88, 0.93, 0.75, 0.89, 0.52))),  # 0.967 0.917 0.967 0.783 0.923 0.550
    "labelled53.jsonl": dict(zip(METRICS, (0.97, 0.88, 0.97, 0.89, 0.84, 0.71))),  # 1.000 0.914 1.000 0.922 0.878 0.743
    "labelled54.jsonl": dict(zip(METRICS, (0.93, 0.92, 0.94, 0.88, 0.97, 0.72))),  # 0.967 0.957 0.971 0.916 1.000 0.757
    "labelled55.jsonl": dict(zip(METRICS, (0.92, 0.88, 0.92, 0.78, 0.94, 0.47))),  # 0.956 0.912 0.950 0.812 0.978 0.500
    "labelled56.jsonl": dict(zip(METRICS, (0.95, 0.91, 0.91, 0.82, 0.93, 0.62))),  # 0.989 0.947 0.947 0.854 0.962 0.653
    "labelled57.jsonl": dict(zip(METRICS, (0.88, 0.90, 0.95, 0.87, 0.92, 0.74))),  # 0.911 0.934 0.984 0.905 0.955 0.770
    "labelled58.jsonl": dict(zip(METRICS, (0.93, 0.84, 0.92, 0.74, 0.87, 0.58))),  # 0.967 0.877 0.954 0.778 0.908 0.615
    "labelled59.jsonl": dict(zip(METRICS, (0.97, 0.87, 0.97, 0.83, 0.97, 0.67))),  # 1.000 0.900 1.000 0.868 1.000 0.700
    "labelled60.jsonl": dict(zip(METRICS, (0.97, 0.88, 0.94, 0.83, 0.89, 0.49))),  # 1.000 0.915 0.976 0.861 0.924 0.524
    "labelled61.jsonl": dict(zip(METRICS, (0.94, 0.92, 0.87, 0.82, 0.97, 0.68))),  # 0.978 0.957 0.900 0.850 1.000 0.714
    "labelled62.jsonl": dict(zip(METRICS, (0.95, 0.93, 0.93, 0.85, 0.91, 0.66))),  # 0.989 0.964 0.964 0.889 0.944 0.690
    "labelled63.jsonl": dict(zip(METRICS, (0.92, 0.84, 0.92, 0.82, 0.92, 0.69))),  # 0.956 0.875 0.950 0.850 0.955 0.725
    "labelled64.jsonl": dict(zip(METRICS, (0.97, 0.95, 0.97, 0.72, 0.93, 0.62))),  # 1.000 0.988 1.000 0.753 0.962 0.650
    "labelled65.jsonl": dict(zip(METRICS, (0.94, 0.94, 0.93, 0.60, 0.97, 0.50))),  # 0.978 0.975 0.963 0.638 1.000 0.537
    "labelled66.jsonl": dict(zip(METRICS, (0.97, 0.93, 0.93, 0.82, 0.97, 0.74))),  # 1.000 0.960 0.960 0.858 1.000 0.773
    "labelled67.jsonl": dict(zip(METRICS, (0.95, 0.93, 0.93, 0.80, 0.80, 0.68))),  # 0.989 0.963 0.963 0.835 0.833 0.713
    "labelled68.jsonl": dict(zip(METRICS, (0.97, 0.89, 0.97, 0.84, 0.93, 0.73))),  # 1.000 0.925 1.000 0.871 0.967 0.762
    "labelled69.jsonl": dict(zip(METRICS, (0.95, 0.94, 0.94, 0.84, 0.91, 0.77))),  # 0.989 0.971 0.971 0.873 0.944 0.800
    "labelled70.jsonl": dict(zip(METRICS, (0.93, 0.90, 0.93, 0.73, 0.93, 0.47))),  # 0.967 0.938 0.963 0.767 0.962 0.500
    "labelled71.jsonl": dict(zip(METRICS, (0.74, 0.83, 0.88, 0.84, 0.85, 0.68))),  # 0.778 0.867 0.911 0.879 0.883 0.711
    "labelled72.jsonl": dict(zip(METRICS, (0.94, 0.95, 0.95, 0.79, 0.97, 0.62))),  # 0.978 0.988 0.988 0.826 1.000 0.650
    "labelled73.jsonl": dict(zip(METRICS, (0.95, 0.84, 0.95, 0.81, 0.97, 0.70))),  # 0.989 0.878 0.988 0.840 1.000 0.732
    "labelled74.jsonl": dict(zip(METRICS, (0.94, 0.89, 0.95, 0.81, 0.83, 0.59))),  # 0.978 0.929 0.986 0.843 0.866 0.629
    "labelled75.jsonl": dict(zip(METRICS, (0.92, 0.92, 0.89, 0.60, 0.93, 0.50))),  # 0.956 0.951 0.927 0.638 0.962 0.537
    "labelled76.jsonl": dict(zip(METRICS, (0.95, 0.88, 0.94, 0.87, 0.88, 0.68))),  # 0.989 0.915 0.976 0.905 0.919 0.720
    "labelled77.jsonl": dict(zip(METRICS, (0.95, 0.92, 0.90, 0.67, 0.85, 0.37))),  # 0.989 0.950 0.938 0.704 0.883 0.400
    "labelled78.jsonl": dict(zip(METRICS, (0.92, 0.86, 0.88, 0.68, 0.89, 0.54))),  # 0.956 0.890 0.915 0.719 0.929 0.573
    "labelled79.jsonl": dict(zip(METRICS, (0.97, 0.82, 0.94, 0.76, 0.93, 0.51))),  # 1.000 0.853 0.973 0.793 0.967 0.547
    "labelled80.jsonl": dict(zip(METRICS, (0.95, 0.89, 0.94, 0.89, 0.88, 0.72))),  # 0.989 0.922 0.974 0.928 0.911 0.753
    "labelled81.jsonl": dict(zip(METRICS, (0.95, 0.91, 0.93, 0.63, 0.88, 0.53))),  # 0.989 0.949 0.962 0.665 0.916 0.564
    "labelled82.jsonl": dict(zip(METRICS, (0.97, 0.88, 0.95, 0.88, 0.87, 0.67))),  # 1.000 0.917 0.986 0.911 0.904 0.708
    "labelled83.jsonl": dict(zip(METRICS, (0.93, 0.90, 0.93, 0.84, 0.97, 0.72))),  # 0.967 0.935 0.961 0.873 1.000 0.753
    "labelled84.jsonl": dict(zip(METRICS, (0.93, 0.84, 0.91, 0.83, 0.94, 0.64))),  # 0.967 0.870 0.948 0.867 0.974 0.675
    "labelled85.jsonl": dict(zip(METRICS, (0.93, 0.95, 0.95, 0.59, 0.93, 0.71))),  # 0.967 0.987 0.987 0.620 0.962 0.740
    "labelled86.jsonl": dict(zip(METRICS, (0.97, 0.91, 0.95, 0.83, 0.92, 0.76))),  # 1.000 0.948 0.987 0.864 0.958 0.792
    "labelled87.jsonl": dict(zip(METRICS, (0.93, 0.87, 0.87, 0.90, 0.94, 0.68))),  # 0.967 0.909 0.909 0.940 0.976 0.714
    "labelled88.jsonl": dict(zip(METRICS, (0.95, 0.93, 0.95, 0.86, 0.87, 0.75))),  # 0.989 0.962 0.987 0.893 0.900 0.782
    "labelled89.jsonl": dict(zip(METRICS, (0.95, 0.90, 0.92, 0.82, 0.88, 0.62))),  # 0.989 0.932 0.959 0.854 0.916 0.658
    "labelled90.jsonl": dict(zip(METRICS, (0.94, 0.91, 0.94, 0.87, 0.88, 0.73))),  # 0.978 0.949 0.974 0.906 0.912 0.769
    "labelled91.jsonl": dict(zip(METRICS, (0.94, 0.87, 0.97, 0.81, 0.97, 0.66))),  # 0.978 0.903 1.000 0.845 1.000 0.694
    "labelled92.jsonl": dict(zip(METRICS, (0.94, 0.80, 0.92, 0.85, 0.82, 0.58))),  # 0.978 0.838 0.950 0.882 0.854 0.613
    "labelled93.jsonl": dict(zip(METRICS, (0.95, 0.93, 0.91, 0.77, 0.97, 0.56))),  # 0.989 0.962 0.949 0.808 1.000 0.595
    "labelled94.jsonl": dict(zip(METRICS, (0.93, 0.88, 0.91, 0.74, 0.84, 0.57))),  # 0.967 0.911 0.949 0.774 0.874 0.608
    "labelled95.jsonl": dict(zip(METRICS, (0.97, 0.90, 0.95, 0.80, 0.80, 0.72))),  # 1.000 0.938 0.988 0.833 0.833 0.750
    "labelled96.jsonl": dict(zip(METRICS, (0.97, 0.95, 0.95, 0.75, 0.86, 0.62))),  # 1.000 0.988 0.988 0.789 0.890 0.655
    "labelled97.jsonl": dict(zip(METRICS, (0.95, 0.93, 0.93, 0.84, 0.97, 0.69))),  # 0.989 0.964 0.964 0.878 1.000 0.726
    "labelled98.jsonl": dict(zip(METRICS, (0.97, 0.95, 0.97, 0.81, 0.97, 0.86))),  # 1.000 0.988 1.000 0.844 1.000 0.895
    "labelled99.jsonl": dict(zip(METRICS, (0.95, 0.93, 0.95, 0.82, 0.93, 0.66))),  # 0.989 0.962 0.987 0.854 0.962 0.692
    "labelled100.jsonl": dict(zip(METRICS, (0.95, 0.87, 0.94, 0.85, 0.97, 0.74))),  # 0.989 0.900 0.975 0.883 1.000 0.775
    "labelled101.jsonl": dict(zip(METRICS, (0.92, 0.92, 0.92, 0.78, 0.97, 0.63))),  # 0.956 0.950 0.950 0.814 1.000 0.662
    "labelled102.jsonl": dict(zip(METRICS, (0.95, 0.93, 0.95, 0.88, 0.97, 0.79))),  # 0.989 0.963 0.988 0.917 1.000 0.825
    "labelled103.jsonl": dict(zip(METRICS, (0.94, 0.88, 0.88, 0.81, 0.89, 0.68))),  # 0.978 0.914 0.914 0.849 0.929 0.714
    "labelled104.jsonl": dict(zip(METRICS, (0.97, 0.93, 0.97, 0.71, 0.97, 0.67))),  # 1.000 0.963 1.000 0.747 1.000 0.700
    "labelled105.jsonl": dict(zip(METRICS, (0.97, 0.95, 0.97, 0.52, 0.93, 0.64))),  # 1.000 0.988 1.000 0.551 0.967 0.671
    "labelled106.jsonl": dict(zip(METRICS, (0.95, 0.94, 0.97, 0.87, 0.97, 0.88))),  # 0.989 0.975 1.000 0.907 1.000 0.912
    "labelled107.jsonl": dict(zip(METRICS, (0.94, 0.83, 0.89, 0.83, 0.83, 0.53))),  # 0.978 0.863 0.925 0.863 0.861 0.562
    "labelled108.jsonl": dict(zip(METRICS, (0.97, 0.93, 0.95, 0.85, 0.94, 0.58))),  # 1.000 0.963 0.988 0.888 0.971 0.613
    "labelled109.jsonl": dict(zip(METRICS, (0.97, 0.94, 0.93, 0.71, 0.97, 0.58))),  # 1.000 0.975 0.963 0.742 1.000 0.613
    "labelled110.jsonl": dict(zip(METRICS, (0.97, 0.97, 0.97, 0.93, 0.97, 0.89))),  # 1.000 1.000 1.000 0.963 1.000 0.925
    "labelled111.jsonl": dict(zip(METRICS, (0.94, 0.90, 0.90, 0.84, 0.93, 0.64))),  # 0.978 0.934 0.934 0.875 0.967 0.671
    "labelled112.jsonl": dict(zip(METRICS, (0.95, 0.95, 0.94, 0.82, 0.97, 0.58))),  # 0.989 0.988 0.975 0.853 1.000 0.613
    "labelled113.jsonl": dict(zip(METRICS, (0.93, 0.92, 0.90, 0.56, 0.84, 0.45))),  # 0.967 0.950 0.938 0.594 0.875 0.487
    "labelled114.jsonl": dict(zip(METRICS, (0.95, 0.90, 0.95, 0.85, 0.93, 0.81))),  # 0.988 0.935 0.987 0.890 0.962 0.844
    "labelled115.jsonl": dict(zip(METRICS, (0.97, 0.85, 0.91, 0.85, 0.87, 0.63))),  # 1.000 0.880 0.947 0.889 0.900 0.667
    "labelled116.jsonl": dict(zip(METRICS, (0.95, 0.87, 0.91, 0.71, 0.78, 0.47))),  # 0.989 0.906 0.941 0.744 0.819 0.506
    "labelled117.jsonl": dict(zip(METRICS, (0.97, 0.95, 0.92, 0.79, 0.97, 0.67))),  # 1.000 0.988 0.953 0.823 1.000 0.706
    "labelled118.jsonl": dict(zip(METRICS, (0.97, 0.93, 0.94, 0.91, 0.82, 0.89))),  # 1.000 0.963 0.975 0.943 0.857 0.925
    "labelled119.jsonl": dict(zip(METRICS, (0.95, 0.93, 0.89, 0.71, 0.95, 0.66))),  # 0.989 0.965 0.929 0.750 0.986 0.694
    "holdout.jsonl": dict(zip(METRICS, (0.96, 0.93, 0.93, 0.90, 0.93, 0.80))),  # 0.994 0.962 0.970 0.931 0.965 0.835
    "blind.jsonl": dict(zip(METRICS, (0.96, 0.90, 0.95, 0.87, 0.84, 0.72))),  # 0.993 0.939 0.983 0.904 0.875 0.757
    "blind2.jsonl": dict(zip(METRICS, (0.96, 0.93, 0.95, 0.85, 0.94, 0.75))),  # 0.992 0.968 0.989 0.881 0.976 0.789
    "blind3.jsonl": dict(zip(METRICS, (0.91, 0.89, 0.91, 0.85, 0.89, 0.69))),  # 0.940 0.922 0.948 0.882 0.929 0.722
    "blind4.jsonl": dict(zip(METRICS, (0.95, 0.90, 0.95, 0.88, 0.90, 0.76))),  # 0.980 0.936 0.982 0.912 0.935 0.791
    "blind5.jsonl": dict(zip(METRICS, (0.95, 0.93, 0.95, 0.88, 0.91, 0.78))),  # 0.987 0.964 0.982 0.912 0.944 0.818
    "blind6.jsonl": dict(zip(METRICS, (0.97, 0.91, 0.96, 0.81, 0.89, 0.72))),  # 1.000 0.945 0.991 0.845 0.929 0.755
    "blind7.jsonl": dict(zip(METRICS, (0.95, 0.94, 0.96, 0.90, 0.94, 0.80))),  # 0.987 0.973 0.991 0.932 0.978 0.836
    "blind8.jsonl": dict(zip(METRICS, (0.93, 0.91, 0.93, 0.87, 0.92, 0.78))),  # 0.967 0.946 0.969 0.910 0.952 0.814
    "blind9.jsonl": dict(zip(METRICS, (0.93, 0.91, 0.96, 0.87, 0.88, 0.73))),  # 0.960 0.945 0.991 0.904 0.911 0.761
    "blind10.jsonl": dict(zip(METRICS, (0.89, 0.87, 0.95, 0.84, 0.82, 0.68))),  # 0.927 0.907 0.981 0.871 0.856 0.710
    "blind11.jsonl": dict(zip(METRICS, (0.95, 0.92, 0.94, 0.87, 0.95, 0.77))),  # 0.989 0.956 0.978 0.901 0.981 0.801
    "blind12.jsonl": dict(zip(METRICS, (0.93, 0.91, 0.94, 0.88, 0.91, 0.76))),  # 0.967 0.945 0.976 0.913 0.949 0.795
    "blind13.jsonl": dict(zip(METRICS, (0.94, 0.92, 0.95, 0.88, 0.91, 0.80))),  # 0.972 0.952 0.984 0.916 0.948 0.833
    "blind14.jsonl": dict(zip(METRICS, (0.92, 0.85, 0.92, 0.81, 0.87, 0.65))),  # 0.956 0.883 0.955 0.850 0.904 0.685
    "blind15.jsonl": dict(zip(METRICS, (0.89, 0.91, 0.92, 0.85, 0.95, 0.68))),  # 0.928 0.944 0.952 0.883 0.986 0.718
    "blind16.jsonl": dict(zip(METRICS, (0.94, 0.86, 0.93, 0.84, 0.83, 0.69))),  # 0.972 0.899 0.966 0.878 0.866 0.723
    "blind17.jsonl": dict(zip(METRICS, (0.92, 0.88, 0.94, 0.82, 0.93, 0.68))),  # 0.950 0.914 0.971 0.858 0.963 0.714
    "blind18.jsonl": dict(zip(METRICS, (0.95, 0.87, 0.94, 0.80, 0.91, 0.63))),  # 0.983 0.908 0.979 0.836 0.942 0.662
    "blind19.jsonl": dict(zip(METRICS, (0.95, 0.89, 0.93, 0.85, 0.94, 0.69))),  # 0.989 0.929 0.964 0.883 0.972 0.729
    "blind20.jsonl": dict(zip(METRICS, (0.95, 0.88, 0.92, 0.81, 0.92, 0.64))),  # 0.983 0.914 0.957 0.843 0.955 0.671
    "blind21.jsonl": dict(zip(METRICS, (0.93, 0.90, 0.94, 0.88, 0.92, 0.78))),  # 0.961 0.938 0.979 0.920 0.958 0.812
    "blind22.jsonl": dict(zip(METRICS, (0.96, 0.93, 0.95, 0.89, 0.95, 0.77))),  # 0.994 0.965 0.986 0.920 0.980 0.806
    "blind23.jsonl": dict(zip(METRICS, (0.94, 0.89, 0.93, 0.81, 0.93, 0.64))),  # 0.978 0.926 0.963 0.841 0.968 0.676
    "blind24.jsonl": dict(zip(METRICS, (0.94, 0.91, 0.94, 0.85, 0.92, 0.69))),  # 0.972 0.940 0.973 0.884 0.953 0.727
    "blind25.jsonl": dict(zip(METRICS, (0.95, 0.95, 0.94, 0.80, 0.97, 0.70))),  # 0.989 0.987 0.973 0.839 1.000 0.733
    "blind26.jsonl": dict(zip(METRICS, (0.95, 0.89, 0.96, 0.77, 0.97, 0.58))),  # 0.989 0.924 0.993 0.810 1.000 0.611
    "blind27.jsonl": dict(zip(METRICS, (0.95, 0.90, 0.93, 0.85, 0.93, 0.72))),  # 0.989 0.935 0.967 0.886 0.961 0.752
    "blind28.jsonl": dict(zip(METRICS, (0.96, 0.92, 0.95, 0.85, 0.97, 0.72))),  # 0.994 0.960 0.987 0.887 1.000 0.752
    "blind29.jsonl": dict(zip(METRICS, (0.95, 0.90, 0.94, 0.81, 0.89, 0.59))),  # 0.983 0.933 0.973 0.843 0.929 0.620
    "blind30.jsonl": dict(zip(METRICS, (0.95, 0.88, 0.94, 0.83, 0.79, 0.61))),  # 0.989 0.913 0.973 0.869 0.828 0.647
}
# labelled.jsonl: 50 of 50 pairs when set (session 17); the other sets: see PAIR2_FLOOR
PAIR_FLOOR = 0.94
# when set (session 17): 19 of 20 (labelled2, labelled3), 22 of 22 (labelled5), 20 of 20 (labelled15),
# 18 of 18 (labelled22), 35 of 43 (labelled98, written by an author we had not read, scored before reading 26 of 43);
# session 18: 37 of 43 (labelled98), 8 of 8 (labelled102, new); session 19: 35 of 40 (labelled106, new;
# 29 of 40 with the session-start code, scored before reading); session 22: 34 of 40 (labelled118, new;
# 31 of 40 with the session-start code, scored before reading); session 20: 40 of 40 (labelled110, new;
# 31 of 40 with the session-start code, scored before reading); session 21: 33 of 40 (labelled114, new;
# 29 of 40 with the session-start code, scored before reading)
PAIR2_FLOOR = 0.80


def check_floors(name: str, gold: list[dict[str, Any]], pred: dict[Any, dict[str, Any]], floors: dict[str, float]) -> None:
    report = score(gold, pred)
    summary = report.summary()
    text = format_report(report)
    print(f"\n== {name}\n{text}")  # shown by pytest when the test fails
    low = {k: round(summary[k], 3) for k, floor in floors.items() if summary[k] < floor}
    assert not low, (
        f"{name}: below floor: {low} (floors {floors})\n"
        f"metrics: {json.dumps({k: round(v, 3) for k, v in summary.items()})}\n{text[:6000]}"
    )


def test_dev_set_floors(analyzer) -> None:
    if not SHARED_DEV.is_file():
        pytest.skip(f"{SHARED_DEV} is absent")
    gold = load_jsonl(SHARED_DEV)
    pred = {g["id"]: a.to_record(g["id"]) for g, a in zip(gold, analyzer.iter_analyze(g["text"] for g in gold))}
    check_floors("shared/eval/dev.jsonl", gold, pred, DEV_FLOORS)


def test_labelled_floors(labelled, labelled_predictions) -> None:
    check_floors("tests/data/labelled.jsonl", labelled, labelled_predictions, LABELLED_FLOORS)


@pytest.mark.parametrize("name", sorted(REGRESSION_FLOORS))
def test_regression_sets(analyzer, name: str) -> None:
    gold = load_jsonl(LABELLED.parent / name)
    pred = {g["id"]: a.to_record(g["id"]) for g, a in zip(gold, analyzer.iter_analyze(g["text"] for g in gold))}
    check_floors(f"tests/data/{name}", gold, pred, REGRESSION_FLOORS[name])


def test_batch_and_single_analyses_agree(analyzer, labelled, labelled_predictions) -> None:
    """iter_analyze (nlp.pipe) and analyze (nlp) give the same records."""
    for row in labelled[::7]:
        assert analyzer.analyze(row["text"]).to_record(row["id"]) == labelled_predictions[row["id"]], row["text"]


def _pairs(labelled: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    pairs: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in labelled:
        if "pair" in row:
            pairs[row["pair"]].append(row)
    return pairs


def test_pairs_are_well_formed(labelled) -> None:
    pairs = _pairs(labelled)
    assert pairs
    for key, rows in pairs.items():
        # a pair may also be an invariance pair (same labels, e.g. rule 2 for current
        # and former); the test below checks both kinds alike
        assert len(rows) == 2, (key, [r["id"] for r in rows])


def test_minimal_pairs(labelled, labelled_predictions) -> None:
    """For each pair, what the analyzer changes between the two posts must be
    exactly what the gold labels change."""
    _check_pairs(labelled, labelled_predictions, PAIR_FLOOR)


@pytest.mark.parametrize("name", ["labelled2.jsonl", "labelled3.jsonl", "labelled5.jsonl", "labelled15.jsonl", "labelled22.jsonl", "labelled98.jsonl", "labelled102.jsonl", "labelled106.jsonl",
                                  "labelled110.jsonl", "labelled114.jsonl", "labelled118.jsonl"])
def test_minimal_pairs_of_the_other_sets(analyzer, name: str) -> None:
    rows = load_jsonl(LABELLED.parent / name)
    predictions = {r["id"]: a.to_record(r["id"]) for r, a in zip(rows, analyzer.iter_analyze(r["text"] for r in rows))}
    _check_pairs(rows, predictions, PAIR2_FLOOR)


def _check_pairs(labelled: list[dict[str, Any]], labelled_predictions: dict[Any, dict[str, Any]], floor: float) -> None:
    pairs = _pairs(labelled)
    failing = []
    for key, (a, b) in sorted(pairs.items()):
        gold = difference(a, b)
        pa, pb = labelled_predictions[a["id"]], labelled_predictions[b["id"]]
        got = difference(pa, pb)
        if got != gold:
            la, lb = labels_of(pa), labels_of(pb)
            failing.append(
                f"{key} ({a['id']}/{b['id']}): gold differs in {sorted(gold)}, predicted in {sorted(got)}; "
                f"missing {sorted(gold - got)}, extra {sorted(got - gold)}\n"
                f"    {a['id']}: {a['text'][:140]}\n      -> {[(k, la[k]) for k in sorted(gold | got)]}\n"
                f"    {b['id']}: {b['text'][:140]}\n      -> {[(k, lb[k]) for k in sorted(gold | got)]}"
            )
    rate = 1 - len(failing) / len(pairs)
    print(f"\nminimal pairs: {len(pairs) - len(failing)}/{len(pairs)} = {rate:.3f}")
    for f in failing:
        print(f)
    assert rate >= floor, f"minimal pairs {rate:.3f} < {floor}; failing pairs:\n" + "\n".join(failing)
