// The people index in the cache: the people as records, the mentions (about a million for
// 100 MB of text) as four Int32 columns copied in and out whole. The lookups by unit and by
// person are not stored: rebuilding them from the mentions is one pass, cheaper than
// checking stored ones against the mentions.
//
//   tag "ppl1"       UInt32
//   unit count       Int (must be the count the caller gives)
//   people           Array of Person
//   mentions         four [Int32] of one length: unit, offset, length, person

extension PeopleIndex {
    static let cacheTag = UInt32(0x316C_7070)   // "ppl1" little-endian

    /// The index in the cache's byte format, for `init?(cacheBytes:unitCount:)`.
    public func cacheBytes() -> [UInt8] {
        Self.cacheBytes(people: people, columns: MentionColumns(mentions), unitCount: unitCount)
    }

    /// The columns as given, unchecked: also how tests write the bytes of an impossible index.
    static func cacheBytes(people: [Person], columns: MentionColumns, unitCount: Int) -> [UInt8] {
        var encoder = CacheEncoder(reservingCapacity: 64 + people.count * 96 + columns.units.count * 16)
        encoder.append(cacheTag)
        encoder.append(unitCount)
        encoder.appendArray(people) { $0.append($1) }
        encoder.append(columns.units)
        encoder.append(columns.offsets)
        encoder.append(columns.lengths)
        encoder.append(columns.people)
        return encoder.bytes
    }

    /// The index `cacheBytes()` wrote for a book of `unitCount` text units; nil when the bytes
    /// are damaged or do not describe such a book: another unit count, a mention outside the
    /// units or naming no listed person, mentions out of book order or overlapping.
    public init?(cacheBytes bytes: UnsafeRawBufferPointer, unitCount: Int) {
        var decoder = CacheDecoder(bytes)
        guard unitCount >= 0, decoder.integer(UInt32.self) == Self.cacheTag, decoder.int() == unitCount,
              let people = decoder.array(elementSize: CacheSize.person, { $0.person() }),
              let units = decoder.int32Array(), let offsets = decoder.int32Array(),
              let lengths = decoder.int32Array(), let persons = decoder.int32Array(),
              decoder.isCompleteAndValid else { return nil }
        let columns = MentionColumns(units: units, offsets: offsets, lengths: lengths, people: persons)
        guard let mentions = columns.mentions(unitCount: unitCount, peopleCount: people.count) else { return nil }
        self.init(people: people, mentions: mentions, unitCount: unitCount)
    }
}

/// Mentions as four parallel columns, the form they take in the cache.
struct MentionColumns {
    var units: [Int32]
    var offsets: [Int32]
    var lengths: [Int32]
    var people: [Int32]

    init(units: [Int32], offsets: [Int32], lengths: [Int32], people: [Int32]) {
        self.units = units
        self.offsets = offsets
        self.lengths = lengths
        self.people = people
    }

    /// `Mention` keeps its fields in 32 bits, so nothing is lost.
    init(_ mentions: [Mention]) {
        units = mentions.map { Int32(truncatingIfNeeded: $0.unit) }
        offsets = mentions.map { Int32(truncatingIfNeeded: $0.offset) }
        lengths = mentions.map { Int32(truncatingIfNeeded: $0.length) }
        people = mentions.map { Int32(truncatingIfNeeded: $0.person) }
    }

    /// The mentions, if every one lies in a unit below `unitCount`, names a person below
    /// `peopleCount`, and they come in book order without overlapping (as the index's
    /// lookups and binary searches assume).
    func mentions(unitCount: Int, peopleCount: Int) -> [Mention]? {
        let count = units.count
        guard offsets.count == count, lengths.count == count, people.count == count else { return nil }
        // Checked in a pass of its own, so nothing is allocated for bytes that fail.
        let valid = units.withUnsafeBufferPointer { units in
            offsets.withUnsafeBufferPointer { offsets in
                lengths.withUnsafeBufferPointer { lengths in
                    people.withUnsafeBufferPointer { people in
                        var previousUnit = -1, previousEnd = 0
                        for i in 0..<count {
                            let unit = Int(units[i]), offset = Int(offsets[i]), length = Int(lengths[i])
                            let person = Int(people[i])
                            guard unit >= 0, unit < unitCount, person >= 0, person < peopleCount,
                                  offset >= 0, length >= 0 else { return false }
                            if unit == previousUnit {
                                guard offset >= previousEnd else { return false }
                            } else {
                                guard unit > previousUnit else { return false }
                                previousUnit = unit
                            }
                            previousEnd = offset + length
                        }
                        return true
                    }
                }
            }
        }
        guard valid else { return nil }
        return [Mention](unsafeUninitializedCapacity: count) { buffer, initialized in
            for i in 0..<count {
                (buffer.baseAddress! + i).initialize(to: Mention(unit: Int(units[i]), offset: Int(offsets[i]),
                                                                 length: Int(lengths[i]), person: Int(people[i])))
            }
            initialized = count
        }
    }
}

extension CacheEncoder {
    /// Every stored field (`forms` is computed from the name and aliases).
    mutating func append(_ person: Person) {
        append(person.id)
        append(person.name)
        appendArray(person.aliases) { $0.append($1) }
        appendOptional(person.born) { $0.append($1) }
        appendOptional(person.died) { $0.append($1) }
        appendOptional(person.role) { $0.append($1) }
        appendArray(person.defaults) { $0.append($1) }
        appendArray(person.contexts) { $0.append($1) }
        append(person.verified)
    }
}

extension CacheDecoder {
    mutating func person() -> Person? {
        guard let id = string(), let name = string(),
              let aliases = array(elementSize: CacheSize.string, { $0.string() }),
              let born = optional({ $0.string() }), let died = optional({ $0.string() }),
              let role = optional({ $0.string() }),
              let defaults = array(elementSize: CacheSize.string, { $0.string() }),
              let contexts = array(elementSize: CacheSize.string, { $0.string() }),
              let verified = bool() else { return nil }
        return Person(id: id, name: name, aliases: aliases, born: born, died: died, role: role,
                      defaults: defaults, contexts: contexts, verified: verified)
    }
}

extension CacheSize {
    /// Two strings, three arrays, three optionals, a Bool.
    static let person = 2 * string + 3 * 4 + 3 * optional + 1
}
