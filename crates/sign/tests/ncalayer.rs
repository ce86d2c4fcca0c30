#![allow(clippy::unwrap_used)]
//! The NCALayer signer against a stand-in WebSocket server that answers with the message
//! shapes of NCALayer's `kz.gov.pki.knca.basics` module (plain ws:// here; the real one is
//! wss://127.0.0.1:13579). Not tried against a live NCALayer.

use std::net::TcpListener;
use std::sync::mpsc;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use chrono::Utc;
use desk_i18n::Lang;
use desk_sign::cms::{Status, verify_detached};
use desk_sign::ncalayer::NcaLayerSigner;
use desk_sign::{P12Signer, SignError, Signer};
use desk_testkit::pki::{self, Ca, Key, PASSWORD};
use serde_json::{Value, json};
use tungstenite::Message;

/// Serves one connection: greets like NCALayer, hands the request to `answer`, sends its
/// reply; returns the URL and the request it received.
fn stand_in(
    answer: impl FnOnce(&Value) -> Value + Send + 'static,
) -> (String, mpsc::Receiver<Value>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("ws://{}", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut ws = tungstenite::accept(stream).unwrap();
        ws.send(Message::text(
            json!({"result": {"version": "1.4"}}).to_string(),
        ))
        .unwrap();
        let request: Value = loop {
            if let Message::Text(t) = ws.read().unwrap() {
                break serde_json::from_str(&t).unwrap();
            }
        };
        let reply = answer(&request);
        tx.send(request).unwrap();
        ws.send(Message::text(reply.to_string())).unwrap();
        let _ = ws.read();
    });
    (url, rx)
}

#[test]
fn a_detached_cms_comes_back_for_exactly_the_document() {
    let ca = Ca::new();
    let user = ca.signer("token", Key::Rsa2048);
    let key = P12Signer::open(
        &std::fs::read(user.p12).unwrap(),
        PASSWORD,
        None,
        Utc::now(),
    )
    .unwrap();
    let (url, requests) = stand_in(move |req| {
        let data = B64.decode(req["args"]["data"].as_str().unwrap()).unwrap();
        let cms = key.sign_detached(&data, Utc::now()).unwrap();
        json!({"status": true, "body": {"result": [B64.encode(cms)]}})
    });
    let document = "Хаттама — Протокол".repeat(50).into_bytes();
    let cms = NcaLayerSigner::new(&url, "kk")
        .sign_detached(&document, Utc::now())
        .unwrap();
    let request = requests.recv().unwrap();
    assert_eq!(request["module"], "kz.gov.pki.knca.basics");
    assert_eq!(request["method"], "sign");
    assert_eq!(request["args"]["format"], "cms");
    assert_eq!(request["args"]["signingParams"]["encapsulate"], false);
    assert_eq!(
        request["args"]["signerParams"]["extKeyUsageOids"][0],
        "1.3.6.1.5.5.7.3.4"
    );
    assert_eq!(request["args"]["locale"], "kk");
    let check = &verify_detached(&cms, &document, None)[0];
    assert_eq!(check.status, Status::Valid);
    assert_eq!(
        check.signer.as_ref().unwrap().iin.as_deref(),
        Some(pki::IIN)
    );
}

#[test]
fn cancel_wrong_storage_bad_answers_and_no_ncalayer_are_translated_errors() {
    let (url, _r) = stand_in(|_| json!({"status": true, "body": {}}));
    let e = NcaLayerSigner::new(&url, "ru")
        .sign_detached(b"x", Utc::now())
        .unwrap_err();
    assert!(matches!(e, SignError::NcaLayerCancelled), "{e:?}");
    assert_eq!(e.message(Lang::Ru), "Подписание отменено в NCALayer");

    let (url, _r) = stand_in(
        |_| json!({"status": false, "code": "500", "details": "Storage not found: AKKaztokenStore"}),
    );
    let e = NcaLayerSigner::new(&url, "ru")
        .sign_detached(b"x", Utc::now())
        .unwrap_err();
    assert!(matches!(e, SignError::NcaLayerStorage(_)), "{e:?}");
    assert!(e.message(Lang::Kk).contains("токенді салыңыз"));

    // A signature over something else is refused, not passed on.
    let ca = Ca::new();
    let user = ca.signer("t", Key::P256);
    let key = P12Signer::open(
        &std::fs::read(user.p12).unwrap(),
        PASSWORD,
        None,
        Utc::now(),
    )
    .unwrap();
    let (url, _r) = stand_in(move |_| {
        let cms = key.sign_detached(b"another document", Utc::now()).unwrap();
        json!({"status": true, "body": {"result": [B64.encode(cms)]}})
    });
    let e = NcaLayerSigner::new(&url, "ru")
        .sign_detached(b"x", Utc::now())
        .unwrap_err();
    assert!(matches!(e, SignError::NcaLayer(_)), "{e:?}");

    // Nothing listening: NCALayer is not running.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let e = NcaLayerSigner::new(&format!("ws://127.0.0.1:{port}"), "ru")
        .sign_detached(b"x", Utc::now())
        .unwrap_err();
    assert!(matches!(e, SignError::NcaLayerNotRunning(_)), "{e:?}");
    assert!(e.message(Lang::Ru).contains("запустите NCALayer"));
}
