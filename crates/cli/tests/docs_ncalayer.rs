#![allow(clippy::unwrap_used)]
//! `desk sign --ncalayer` against a stand-in for NCALayer's WebSocket (plain ws:// here,
//! answering with the documented message shapes). Not tried against a live NCALayer.

use std::net::TcpListener;
use std::process::Output;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use desk_testkit::pki::{Ca, Key};
use desk_testkit::{DeskCli, checkers};
use serde_json::{Value, json};
use tungstenite::Message;

fn stand_in(answer: impl FnOnce(&[u8]) -> Value + Send + 'static) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("ws://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut ws = tungstenite::accept(stream).unwrap();
        let request: Value = loop {
            if let Message::Text(t) = ws.read().unwrap() {
                break serde_json::from_str(&t).unwrap();
            }
        };
        let data = B64
            .decode(request["args"]["data"].as_str().unwrap())
            .unwrap();
        ws.send(Message::text(answer(&data).to_string())).unwrap();
        let _ = ws.read();
    });
    url
}

fn desk(dir: &std::path::Path, args: &[&str]) -> Output {
    DeskCli::new(env!("CARGO_BIN_EXE_desk"))
        .data_dir(dir)
        .lang("ru")
        .run(args)
}

#[test]
#[cfg_attr(
    windows,
    ignore = "needs openssl, which run on Linux only (see scripts/wine-tests.sh)"
)]
fn signing_through_ncalayer_writes_a_cms_openssl_accepts_and_a_cancel_writes_nothing() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let doc = d.join("letter.txt");
    std::fs::write(&doc, "Хат — Письмо в уполномоченный орган").unwrap();

    let url = stand_in(|_| json!({"status": true, "body": {}}));
    let out = desk(
        d,
        &[
            "sign",
            doc.to_str().unwrap(),
            "--ncalayer",
            "--ncalayer-url",
            &url,
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Подписание отменено в NCALayer"));
    assert!(!d.join("letter.txt.cms").exists());

    let ca = Ca::new();
    let user = ca.signer("token", Key::P256);
    let key = desk_sign::P12Signer::open(
        &std::fs::read(user.p12).unwrap(),
        desk_testkit::pki::PASSWORD,
        None,
        chrono::Utc::now(),
    )
    .unwrap();
    let url = stand_in(move |data| {
        let cms = desk_sign::Signer::sign_detached(&key, data, chrono::Utc::now()).unwrap();
        json!({"status": true, "body": {"result": [B64.encode(cms)]}})
    });
    let out = desk(
        d,
        &[
            "sign",
            doc.to_str().unwrap(),
            "--ncalayer",
            "--ncalayer-url",
            &url,
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("ӘЛИЕВ НҰРЛАН"));
    let cms = d.join("letter.txt.cms");
    let ca_pem = ca.path("ca.pem");
    let ossl = checkers::openssl_cms_verify(d, &cms, &doc, &ca_pem);
    assert!(
        ossl.status.success(),
        "{}",
        String::from_utf8_lossy(&ossl.stderr)
    );
}
