// Dates as a text states them: "7th November, 1917", "November 1917", "August 28, 1940",
// "March, 1937", "1930". A year is four digits from 1000 to 2999; a month only counts when its
// name comes right before the year (commas aside), and a day only beside that month.

/// How much of a date a text states.
public enum DatePrecision: String, Sendable {
    case year, month, day
}

/// A date stated in a text: its value, the text's own words for it and where they stand.
public struct StatedDate: Hashable, Sendable {
    public var key: DateKey
    /// The words as written ("6th November, 1917").
    public var text: String
    /// Scalar offsets of `text` in the text it was read from.
    public var range: Range<Int>

    public init(key: DateKey, text: String, range: Range<Int>) {
        self.key = key
        self.text = text
        self.range = range
    }

    public var precision: DatePrecision { key.precision }
    /// "1917-11-06", "1937-03" or "1930".
    public var iso: String { key.iso }
    /// The one display form: "6 Nov 1917", "Mar 1937", "1930".
    public var display: String { key.short }
}

extension DateKey {
    public var precision: DatePrecision { day != nil ? .day : month != nil ? .month : .year }

    /// "1917-11-06", "1937-03" or "1930": ISO 8601 to the precision the text gives.
    public var iso: String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        var out = String(year)
        if let month { out += "-" + two(month) }
        if month != nil, let day { out += "-" + two(day) }
        return out
    }

    /// Whole months from `self` to `later`, counting a missing month or day as unknown: only
    /// the precision both share is compared (1917-11 to 1930 is 13 years, not 12 years 2 months).
    public func monthsUntil(_ later: DateKey) -> Int {
        if let a = month, let b = later.month { return (later.year - year) * 12 + (b - a) }
        return (later.year - year) * 12
    }
}

enum DateFinder {
    static let monthHashes: [UInt64] = PeopleText.months.map { WordScanner.hash(ofASCII: $0.lowercased()) }

    static func month(_ hash: UInt64) -> Int? {
        monthHashes.firstIndex(of: hash).map { $0 + 1 }
    }

    /// The dates stated in scanned words: for each, the key and the word range (first to last).
    static func dates(in words: ScannedWords, within range: Range<Int>? = nil) -> [(key: DateKey, words: ClosedRange<Int>)] {
        var found: [(DateKey, ClosedRange<Int>)] = []
        let span = range ?? 0..<words.count
        for i in span {
            let n = words.numbers[i]
            guard words.digitCount(i) == 4, n >= 1000, n <= 2999,
                  words.ends[i] - words.starts[i] == 4 else { continue }
            var first = i
            var month: Int?
            var day: Int?
            // "November 1917", "7th November, 1917"
            if i > span.lowerBound, let m = Self.month(words.hashes[i - 1]) {
                month = m
                first = i - 1
                if i - 1 > span.lowerBound, let d = dayValue(words, i - 2) {
                    day = d
                    first = i - 2
                }
            } else if i > span.lowerBound + 1, let d = dayValue(words, i - 1), let m = Self.month(words.hashes[i - 2]) {
                // "August 28, 1940"
                month = m
                day = d
                first = i - 2
            }
            found.append((DateKey(year: Int(n), month: month, day: day), first...i))
        }
        return found
    }

    private static func dayValue(_ words: ScannedWords, _ i: Int) -> Int? {
        guard i >= 0 else { return nil }
        let n = words.numbers[i]
        guard n >= 1, n <= 31, words.digitCount(i) <= 2 else { return nil }
        return Int(n)
    }

    /// The dates a string states, with their words and scalar ranges.
    static func statedDates(in text: String, scanner: inout WordScanner) -> [StatedDate] {
        let words = scanner.scan(text)
        let scalars = Array(text.unicodeScalars)
        return dates(in: words).map { date in
            let range = Int(words.starts[date.words.lowerBound])..<Int(words.ends[date.words.upperBound])
            return StatedDate(key: date.key, text: String(String.UnicodeScalarView(scalars[range])), range: range)
        }
    }
}
