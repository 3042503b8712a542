# An update's time: "26 Nov 2026, 14:05"; the same without the year: "26 Nov, 14:05".
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = "j M, H:i"
TIME_FORMAT = "H:i"
