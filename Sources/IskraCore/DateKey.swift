/// A date as written in a source header ("7th November, 1917", "August 28, 1940", "July, 1938",
/// "1930"), reduced to what it states: a year, and a month and day when given. Nothing is
/// guessed: text without a four-digit year has no key.
public struct DateKey: Hashable, Comparable, Sendable {
    public var year: Int
    /// 1-12, or nil when the text names no month.
    public var month: Int?
    /// Day of the month, or nil when the text gives none.
    public var day: Int?

    public init(year: Int, month: Int? = nil, day: Int? = nil) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads the first year (1000-2999) and, around it, a month name and a day number.
    public init?(_ text: String) {
        let words = text.split { !$0.isLetter && !$0.isNumber }
        guard let yearIndex = words.firstIndex(where: { $0.count == 4 && $0.allSatisfy(\.isASCII) && Int($0).map { (1000...2999).contains($0) } == true }),
              let year = Int(words[yearIndex]) else { return nil }
        self.year = year
        // The month and day belong to this year: look only at the few words before it.
        let before = words[max(words.startIndex, yearIndex - 3)..<yearIndex]
        month = before.lazy.compactMap { word in PeopleText.months.firstIndex(of: String(word)).map { $0 + 1 } }.last
        day = month == nil ? nil : before.lazy.compactMap { word -> Int? in
            // "7th", "28", "2nd": digits, maybe an English ordinal suffix.
            let digits = word.prefix { $0.isASCII && $0.isNumber }
            let suffix = word.dropFirst(digits.count)
            guard !digits.isEmpty, digits.count <= 2, ["", "st", "nd", "rd", "th"].contains(suffix),
                  let value = Int(digits), (1...31).contains(value) else { return nil }
            return value
        }.last
    }

    /// The date as short as it stays clear, one style for all: "7 Nov 1917", "Jul 1938", "1930".
    public var short: String {
        let monthName = month.map { String(PeopleText.months[$0 - 1].prefix(3)) }
        return [day.map(String.init), monthName, String(year)].compactMap { $0 }.joined(separator: " ")
    }

    /// Earlier first; a date that states less sorts before the more precise ones it contains
    /// ("1917" before "7th November, 1917").
    public static func < (a: DateKey, b: DateKey) -> Bool {
        (a.year, a.month ?? 0, a.day ?? 0) < (b.year, b.month ?? 0, b.day ?? 0)
    }
}
