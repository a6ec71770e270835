import WebSocket from "ws";
import build from "node-gyp-build";
import w2 from "ws-toolbelt2";
