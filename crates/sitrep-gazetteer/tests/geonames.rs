//! Reading GeoNames dumps: a small country file and alternate names, written by the tests in
//! the dump's own formats (plain and zipped), read back and indexed.

use std::io::Write;
use std::path::{Path, PathBuf};

use sitrep_gazetteer::geonames::{read_geonames, DumpOptions, DumpReport, FileKind, GeonamesError};
use sitrep_gazetteer::{Gazetteer, Record};

/// One `geoname` row; the columns the reader ignores get plausible values.
#[allow(clippy::too_many_arguments)]
fn geoname(
    id: &str,
    name: &str,
    alternates: &str,
    lat: &str,
    lon: &str,
    class: &str,
    code: &str,
    admin1: &str,
    population: &str,
) -> String {
    [
        id,
        name,
        name,
        alternates,
        lat,
        lon,
        class,
        code,
        "SY",
        "",
        admin1,
        "",
        "",
        "",
        population,
        "",
        "203",
        "Asia/Damascus",
        "2024-01-15",
    ]
    .join("\t")
}

/// `SY.txt`: line 4 has 3 columns, line 6 a bad latitude, line 8 a hotel (filtered by default).
fn country_file() -> String {
    [
        geoname(
            "163843",
            "Syria",
            "Siria,Syrie,Syrien,Suriyah",
            "35",
            "38",
            "A",
            "PCLI",
            "00",
            "22933531",
        ),
        geoname(
            "170792",
            "Dayr az Zawr",
            "Deir ez-Zor Governorate,Muhafazat Dayr az Zawr,محافظة دير الزور",
            "35.16667",
            "40.33333",
            "A",
            "ADM1",
            "07",
            "1239000",
        ),
        geoname(
            "170794",
            "Deir ez-Zor",
            "Auzara,DEZ,Dayr az Zawr,Dayr az-Zawr,Deir el-Zor,Deir ez Zor,Deir ez-Zor",
            "35.33588",
            "40.14084",
            "P",
            "PPLA",
            "07",
            "242565",
        ),
        "170999\tBroken row\tBroken row".to_string(),
        geoname(
            "174186",
            "Abu Kamal",
            "Al Bukamal,Albu Kamal,البوكمال",
            "34.45226",
            "40.91854",
            "P",
            "PPL",
            "07",
            "57000",
        ),
        geoname(
            "171000",
            "Tall Hamis",
            "",
            "north",
            "41.9",
            "P",
            "PPL",
            "08",
            "5000",
        ),
        geoname(
            "170482",
            "Khabur",
            "Habur,Khabour,Nahr al Khabur,نهر الخابور",
            "35.1388",
            "40.4302",
            "H",
            "STM",
            "00",
            "0",
        ),
        geoname(
            "11498520",
            "Cham Palace Hotel",
            "",
            "35.3359",
            "40.1408",
            "S",
            "HTL",
            "07",
            "0",
        ),
    ]
    .join("\n")
        + "\n"
}

/// `alternateNamesV2.txt`: line 9 has a bad geonameid.
fn alternate_names() -> String {
    let rows: [[&str; 10]; 14] = [
        [
            "2963731",
            "170794",
            "ar",
            "دير الزور",
            "1",
            "",
            "",
            "",
            "",
            "",
        ],
        [
            "1620430",
            "170794",
            "link",
            "https://en.wikipedia.org/wiki/Deir_ez-Zor",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        ["1888954", "170794", "iata", "DEZ", "", "", "", "", "", ""],
        ["7207401", "170794", "la", "Auzara", "", "", "", "1", "", ""],
        ["7207402", "170794", "en", "Deir", "", "", "1", "", "", ""],
        [
            "7207403",
            "170794",
            "fr",
            "Deir ez-Zor",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        [
            "7207404",
            "170794",
            "",
            "Dayr az Zawr",
            "",
            "1",
            "",
            "",
            "",
            "",
        ],
        [
            "7207405", "170794", "tr", "Deyrizor", "", "", "", "", "1921", "1946",
        ],
        ["7207406", "abc", "ar", "X", "", "", "", "", "", ""],
        ["2967410", "163843", "ar", "سوريا", "1", "", "", "", "", ""],
        ["2967411", "163843", "abbr", "SAR", "", "", "", "", "", ""],
        [
            "7207407",
            "11498520",
            "en",
            "Cham Palace",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        [
            "7207408",
            "170792",
            "ar",
            "محافظة دير الزور",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        ["7207409", "999999", "en", "Nowhere", "", "", "", "", "", ""],
    ];
    rows.iter().map(|r| r.join("\t") + "\n").collect()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

fn write_zip(dir: &Path, name: &str, members: &[(&str, &str)]) -> PathBuf {
    let path = dir.join(name);
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (member, text) in members {
        zip.start_file(*member, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    path
}

fn read(paths: &[PathBuf]) -> (Vec<Record>, DumpReport) {
    read_geonames(paths, &DumpOptions::default()).unwrap()
}

fn ids(records: &[Record]) -> Vec<u32> {
    records.iter().map(|r| r.geonameid.unwrap()).collect()
}

fn by_id(records: &[Record], id: u32) -> &Record {
    records.iter().find(|r| r.geonameid == Some(id)).unwrap()
}

#[test]
fn country_file_and_alternate_names_become_records() {
    let dir = tempfile::tempdir().unwrap();
    let alt = write(dir.path(), "alternateNamesV2.txt", &alternate_names());
    let sy = write(dir.path(), "SY.txt", &country_file());
    // Alternate names first: the reader still reads the geoname table first.
    let (records, report) = read(&[alt.clone(), sy.clone()]);

    assert_eq!(
        ids(&records),
        [163843, 170482, 170792, 170794, 174186],
        "sorted, hotel left out"
    );
    let deir = by_id(&records, 170794);
    assert_eq!(
        (
            deir.name.as_str(),
            deir.feature.as_str(),
            deir.country.as_str(),
            deir.admin1.as_str()
        ),
        ("Deir ez-Zor", "P.PPLA", "SY", "07")
    );
    assert_eq!(
        (deir.lat, deir.lon, deir.population),
        (35.33588, 40.14084, 242565)
    );
    assert_eq!(deir.source, "geonames:SY");
    // Row names, less the primary name, duplicates and what alternate names call a code (DEZ)
    // or historic (Auzara); then the alternate names that are names.
    assert_eq!(
        deir.names,
        [
            "Dayr az Zawr",
            "Dayr az-Zawr",
            "Deir el-Zor",
            "Deir ez Zor",
            "دير الزور"
        ]
    );
    let syria = by_id(&records, 163843);
    assert_eq!(syria.feature, "A.PCLI");
    assert_eq!(
        syria.names,
        ["Siria", "Syrie", "Syrien", "Suriyah", "سوريا", "SAR"],
        "abbr is kept"
    );
    assert_eq!(by_id(&records, 170792).feature, "A.ADM1");
    assert_eq!(by_id(&records, 170482).feature, "H.STM");

    assert_eq!(report.places, 5);
    assert_eq!(
        report.names,
        records.iter().map(|r| r.names.len()).sum::<usize>()
    );
    assert_eq!(report.filtered, 1, "the hotel");
    assert_eq!(report.alternate_names, 6);
    assert_eq!(
        report.alternate_names_dropped, 5,
        "link, iata, historic, colloquial, ended"
    );
    assert_eq!(report.skipped, 3);
    assert_eq!(
        report.skipped_lines,
        [
            format!(
                "{}:4: expected 19 tab-separated columns, found 3",
                sy.display()
            ),
            format!("{}:6: bad latitude \"north\"", sy.display()),
            format!("{}:9: bad geonameid \"abc\"", alt.display()),
        ]
    );
    let kinds: Vec<(PathBuf, FileKind, usize)> = report
        .files
        .iter()
        .map(|f| (f.path.clone(), f.kind, f.lines))
        .collect();
    assert_eq!(
        kinds,
        [
            (sy, FileKind::Geonames, 8),
            (alt, FileKind::AlternateNames, 14)
        ]
    );

    let g = Gazetteer::from_records(&records).unwrap();
    assert_eq!(g.lookup("دير الزور"), [3]);
    assert_eq!(
        g.lookup("Dayr az Zawr"),
        [2, 3],
        "governorate and city, most populous first"
    );
    assert_eq!(g.lookup("Abu Kamal"), [4]);
    assert!(g.lookup("Auzara").is_empty() && g.lookup("Cham Palace Hotel").is_empty());
    assert_eq!(g.admin1_of(g.place(3)).unwrap().name, "Dayr az Zawr");
    assert_eq!(g.country("SY"), Some(0));
}

#[test]
fn zipped_dumps_read_like_plain_ones() {
    let dir = tempfile::tempdir().unwrap();
    let plain = read(&[
        write(dir.path(), "SY.txt", &country_file()),
        write(dir.path(), "alternateNamesV2.txt", &alternate_names()),
    ]);
    let sy = write_zip(
        dir.path(),
        "SY.zip",
        &[
            (
                "readme.txt",
                "Readme for GeoNames Gazetteer extract files\n",
            ),
            ("SY.txt", &country_file()),
        ],
    );
    let alt = write_zip(
        dir.path(),
        "alternateNamesV2.zip",
        &[
            (
                "iso-languagecodes.txt",
                "ISO 639-3\tISO 639-2\tISO 639-1\tLanguage Name\n",
            ),
            ("alternateNamesV2.txt", &alternate_names()),
        ],
    );
    let (records, report) = read(&[alt, sy.clone()]);
    assert_eq!(records, plain.0);
    assert_eq!(
        report.skipped_lines[0],
        format!(
            "{}!SY.txt:4: expected 19 tab-separated columns, found 3",
            sy.display()
        )
    );
    assert_eq!(report.files[0].member.as_deref(), Some("SY.txt"));
}

#[test]
fn per_country_alternate_names_are_told_apart_by_their_columns() {
    let dir = tempfile::tempdir().unwrap();
    let geo = write(dir.path(), "SY.txt", &country_file());
    std::fs::create_dir(dir.path().join("alternatenames")).unwrap();
    let alt = write_zip(
        &dir.path().join("alternatenames"),
        "SY.zip",
        &[("SY.txt", &alternate_names())],
    );
    let (records, report) = read(&[alt, geo]);
    assert!(by_id(&records, 170794)
        .names
        .iter()
        .any(|n| n == "دير الزور"));
    assert_eq!(report.files[1].kind, FileKind::AlternateNames);
}

#[test]
fn options_select_features_and_population() {
    let dir = tempfile::tempdir().unwrap();
    let sy = write(dir.path(), "SY.txt", &country_file());

    let big = DumpOptions {
        min_population: 100_000,
        ..DumpOptions::default()
    };
    let (records, _) = read_geonames(&[&sy], &big).unwrap();
    assert_eq!(
        ids(&records),
        [163843, 170482, 170792, 170794],
        "Abu Kamal is too small; rivers have no population"
    );

    let seats = DumpOptions {
        min_population: 1_000_000,
        ..DumpOptions::default()
    };
    let (records, _) = read_geonames(&[&sy], &seats).unwrap();
    assert!(
        ids(&records).contains(&170794),
        "a governorate seat is kept whatever its population"
    );

    let hotels = DumpOptions {
        features: vec!["S.HTL".into(), "A.PCL*".into()],
        ..DumpOptions::default()
    };
    let (records, report) = read_geonames(&[&sy], &hotels).unwrap();
    assert_eq!(ids(&records), [163843, 11498520]);
    assert_eq!(
        report.skipped, 1,
        "only the short row: numbers are checked on kept rows"
    );
}

#[test]
fn country_info_keeps_countries_and_adds_their_names() {
    let dir = tempfile::tempdir().unwrap();
    let sy = write(dir.path(), "SY.txt", &country_file());
    let info = write(
        dir.path(),
        "countryInfo.txt",
        "# GeoNames.org Country Information\n\
         #ISO\tISO3\tISO-Numeric\tfips\tCountry\tCapital\tArea(in sq km)\tPopulation\tContinent\ttld\tCurrencyCode\tCurrencyName\tPhone\tPostal Code Format\tPostal Code Regex\tLanguages\tgeonameid\tneighbours\tEquivalentFipsCode\n\
         SY\tSYR\t760\tSY\tSyrian Arab Republic\tDamascus\t185180\t22933531\tAS\t.sy\tSYP\tPound\t963\t\t\tar-SY,ku,hy,arc,fr,en\t163843\tIQ,JO,IL,TR,LB\t\n",
    );
    let towns = DumpOptions {
        features: vec!["P".into()],
        ..DumpOptions::default()
    };
    let (records, _) = read_geonames(&[&sy], &towns).unwrap();
    assert_eq!(ids(&records), [170794, 174186]);
    let (records, report) = read_geonames(&[&sy, &info], &towns).unwrap();
    assert_eq!(ids(&records), [163843, 170794, 174186]);
    assert!(by_id(&records, 163843)
        .names
        .iter()
        .any(|n| n == "Syrian Arab Republic"));
    assert_eq!(report.files[0].kind, FileKind::CountryInfo);
}

#[test]
fn a_place_read_twice_is_kept_once() {
    let dir = tempfile::tempdir().unwrap();
    let sy = write(dir.path(), "SY.txt", &country_file());
    let cities = write(
        dir.path(),
        "cities500.txt",
        &(geoname(
            "170794",
            "Deir ez-Zor",
            "",
            "35.33588",
            "40.14084",
            "P",
            "PPLA",
            "07",
            "242565",
        ) + "\n"),
    );
    let (records, report) = read(&[cities, sy]);
    assert_eq!(report.duplicates, 1);
    assert_eq!(
        by_id(&records, 170794).source,
        "geonames:cities500",
        "the first read wins"
    );
}

#[test]
fn a_line_that_is_not_utf8_is_reported_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = country_file().into_bytes();
    bytes.extend_from_slice(b"170800\tDayr\xff\n");
    let sy = dir.path().join("SY.txt");
    std::fs::write(&sy, bytes).unwrap();
    let (records, report) = read(std::slice::from_ref(&sy));
    assert_eq!(records.len(), 5);
    assert_eq!(
        report.skipped_lines.last().unwrap(),
        &format!("{}:9: not valid UTF-8", sy.display())
    );
}

#[test]
fn unusable_inputs_are_errors_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let sy = write(dir.path(), "SY.txt", &country_file());

    let readme_only = write_zip(dir.path(), "IQ.zip", &[("readme.txt", "Readme\n")]);
    let err = read_geonames(&[&sy, &readme_only], &DumpOptions::default()).unwrap_err();
    assert!(matches!(err, GeonamesError::NoMember { .. }), "{err}");
    assert!(
        err.to_string().contains("IQ.zip") && err.to_string().contains("readme.txt"),
        "{err}"
    );

    let not_zip = write(dir.path(), "LB.zip", "not a zip");
    let err = read_geonames(&[&not_zip], &DumpOptions::default()).unwrap_err();
    assert!(
        matches!(err, GeonamesError::Zip { .. }) && err.to_string().contains("LB.zip"),
        "{err}"
    );

    let missing = dir.path().join("allCountries.txt");
    let err = read_geonames(&[&missing], &DumpOptions::default()).unwrap_err();
    assert!(
        matches!(err, GeonamesError::Io { .. }) && err.to_string().contains("allCountries.txt"),
        "{err}"
    );

    let admin1 = write(
        dir.path(),
        "admin1CodesASCII.txt",
        "SY.07\tDeir ez-Zor\tDeir ez-Zor\t170792\n",
    );
    let err = read_geonames(&[&sy, &admin1], &DumpOptions::default()).unwrap_err();
    assert!(
        matches!(err, GeonamesError::UnknownFile { .. })
            && err.to_string().contains("admin1CodesASCII.txt"),
        "{err}"
    );

    let alt = write(dir.path(), "alternateNamesV2.txt", &alternate_names());
    let err = read_geonames(&[&alt], &DumpOptions::default()).unwrap_err();
    assert!(matches!(err, GeonamesError::NoGeonameTable), "{err}");
}
