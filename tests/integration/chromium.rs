//! The HTML report rendered in headless Chromium (Debian's `chromium`, which .ci/run installs): it loads with no
//! console error and makes no network request, and a screenshot is taken. Skipped when Chromium is not
//! installed, unless INTERVIEWER_REQUIRE_CHROMIUM=1 (as in CI).
use crate::practice::one_question_env;
use crate::util::stderr;
use std::path::PathBuf;
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

#[test]
fn html_report_loads_in_headless_chromium_without_errors_or_network() {
    let Some(browser) = chromium() else {
        assert!(std::env::var_os("INTERVIEWER_REQUIRE_CHROMIUM").is_none(), "chromium is required but not installed");
        eprintln!("skipped: chromium is not installed");
        return;
    };
    let (env, bank) = one_question_env();
    let answers = env.write("answers.txt", "A set keeps unique items. <script>console.error('injected')</script>\n");
    let args = ["practice", "--bank", &bank, "--topic", "e2e", "--seed", "1", "--answers", answers.to_str().unwrap()];
    assert!(env.run(&args, b"").status.success());
    let listed: serde_json::Value =
        serde_json::from_str(&crate::util::stdout(&env.run(&["sessions", "--json"], b""))).unwrap();
    let report = env.home.path().join("report.html");
    let output = env.run(&["report", listed[0]["id"].as_str().unwrap(), "-o", report.to_str().unwrap()], b"");
    assert!(output.status.success(), "{}", stderr(&output));

    let dir = env.home.path();
    let (shot, netlog) = (dir.join("report.png"), dir.join("netlog.json"));
    let output = Command::new(browser)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"])
        .args(["--disable-background-networking", "--disable-component-update", "--disable-sync"])
        .args(["--disable-default-apps", "--disable-extensions", "--enable-logging=stderr", "--v=0"])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("--log-net-log={}", netlog.display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1000,1400")
        .arg(format!("file://{}", report.display()))
        .output()
        .unwrap();
    let log = stderr(&output);
    assert!(output.status.success(), "{log}");
    let png = std::fs::read(&shot).expect("a screenshot");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 1000, "not a PNG screenshot");
    let console: Vec<&str> =
        log.lines().filter(|line| line.contains("CONSOLE") || line.contains("Refused to")).collect();
    assert!(console.is_empty(), "console messages: {console:#?}");
    let net: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&netlog).expect("a net log")).unwrap();
    let requests = page_requests(&net);
    assert!(requests.is_empty(), "the page made network requests: {requests:?}");
}

/// URLs the page itself requested: requests from a `file://` page carry the opaque origin `null` as initiator
/// (the browser's own background requests say `not an origin`).
fn page_requests(netlog: &serde_json::Value) -> Vec<String> {
    let events = netlog["events"].as_array().map(Vec::as_slice).unwrap_or_default();
    events
        .iter()
        .filter_map(|event| {
            let params = &event["params"];
            let url = params["url"].as_str()?;
            let initiator = params["initiator"].as_str()?;
            (initiator == "null" || initiator.starts_with("file:")).then(|| url.to_string())
        })
        .filter(|url| !url.starts_with("file:") && !url.starts_with("data:"))
        .collect()
}

#[test]
fn page_requests_are_told_from_the_browser_s_own() {
    let netlog = serde_json::json!({"events": [
        {"params": {"initiator": "not an origin", "url": "https://update.googleapis.com/x"}},
        {"params": {"initiator": "null", "url": "http://example.invalid/x.png"}},
        {"params": {"url": "http://example.invalid/x.png"}},
    ]});
    assert_eq!(page_requests(&netlog), ["http://example.invalid/x.png"]);
}
