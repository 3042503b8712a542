# Ukrainian writes the month in the genitive after the day: "26 листопада 2026, 14:05".
DATETIME_FORMAT = "j E Y, H:i"
SHORT_DATETIME_FORMAT = "j E, H:i"
TIME_FORMAT = "H:i"
