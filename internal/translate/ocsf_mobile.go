package translate

import "strconv"

// Mobile Security event types (eventId), Trend's telemetry event ids: the
// mobile activity filter types (TELEMETRY_FILE, TELEMETRY_INTERNET,
// TELEMETRY_APP, TELEMETRY_SYSTEM_EVENT) with the endpoint eventId
// numbering (§3.2 enums; trendmicro/tm-v1-schema).
const (
	mobileEventFile   = 2
	mobileEventWeb    = 7
	mobileEventApp    = 15
	mobileEventSystem = 16
)

// ocsfMobileActivity maps a /search/mobileActivities item (Mobile Security
// app and web events, §4.4) by its event type: a web access
// (TELEMETRY_INTERNET, or any item with a requested URL that is not an app
// or system event) is HTTP Activity (4002) by the app that made it; a file
// event with its file is File System Activity (1001); an app or system
// event, and anything else, is Application Lifecycle (6002) of the app the
// agent detected.
func ocsfMobileActivity(in *ocsfItem, ev *ocsfEvent) {
	id, _ := in.peekInt("eventId")
	switch {
	case id == mobileEventFile && in.peek("objectFilePath") != "":
		mobileFile(in, ev)
	case id == mobileEventWeb || id != mobileEventApp && id != mobileEventSystem && in.peek("request") != "":
		mobileWeb(in, ev)
	default:
		mobileApp(in, ev)
	}
	activityCommon(in, ev)
	// firstSeen and lastSeen: when the event started and ended (ms).
	if t, ok := in.time("firstSeen"); ok {
		ev.m.PutInt("start_time", t)
	}
	if t, ok := in.time("lastSeen"); ok {
		ev.m.PutInt("end_time", t)
	}
	if s, ok := in.str("eventId"); ok {
		ev.metadata().str("event_code", s)
	} else if n, ok := in.int("eventId"); ok {
		ev.metadata().str("event_code", strconv.FormatInt(n, 10))
	}
}

// mobileWeb: the app on which the event was detected (app*) requested the
// URL (request) of the host objectHostName. The HTTP method is not given,
// so the activity is Unknown.
func mobileWeb(in *ocsfItem, ev *ocsfEvent) {
	ev.begin(classHTTPActivity, 0, "Unknown")
	addProfile(ev.ocsfObject, "host") // device and actor
	mobileDevice(in, ev)
	mobileActor(in, ev, "appLabel", "appPkgName")
	req := ev.obj("http_request")
	url := ev.newObject()
	url.move("url_string", in, "request")
	if s, ok := in.str("objectHostName"); ok {
		url.str("hostname", s)
		ev.obj("dst_endpoint").str("hostname", s)
	}
	if _, ok := url.m.Get("url_string"); ok {
		url.m.MoveTo(req.m.PutEmptyMap("url"))
	}
}

// mobileApp: the app the agent detected (objectApp*). The activity
// follows the access type (eventSubId: TELEMETRY_APP_START, _STOP,
// _INSTALL, _UNINSTALL; a system preference enabled or disabled); an app
// behaviour (TELEMETRY_APP_BEHAVIOR) is Other, named by objectAppBehavior
// (GRANTED_CAMERA_PERMISSION, APP_HIDE_ICON…); anything else Unknown.
func mobileApp(in *ocsfItem, ev *ocsfEvent) {
	sub, _ := in.peekInt("eventSubId")
	id, caption := mobileAppActivity(sub)
	if b := in.peek("objectAppBehavior"); id == 0 && b != "" {
		id, caption = 99, b
		in.value("objectAppBehavior")
	}
	ev.begin(classApplicationLifecyle, id, caption)
	if id != 0 && id != 99 {
		in.value("eventSubId")
	}
	addProfile(ev.ocsfObject, "host") // device and actor
	mobileDevice(in, ev)
	mobileActor(in, ev, "appLabel", "appPkgName")
	app := ev.obj("app")
	app.move("name", in, "objectAppLabel")
	app.move("uid", in, "objectAppPackageName")
	if s, ok := in.str("objectAppVerName"); ok {
		app.str("version", s)
	} else if s, ok := in.str("objectAppVerCode"); ok {
		app.str("version", s)
	}
	if app.m.Len() == 0 {
		// product requires name or uid.
		if s, ok := in.str("pname"); ok {
			app.str("name", s)
		} else {
			app.str("name", "unknown")
		}
	}
}

// mobileFile: a file event; the activity follows the access type
// (eventSubId, TELEMETRY_FILE_*).
func mobileFile(in *ocsfItem, ev *ocsfEvent) {
	sub, _ := in.peekInt("eventSubId")
	id, caption := fileActivity(sub)
	ev.begin(classFileActivity, id, caption)
	if id != 0 {
		in.value("eventSubId")
	}
	mobileDevice(in, ev)
	mobileActor(in, ev, "appLabel", "appPkgName")
	f := objectFile(in, ev.ocsfObject)
	putHashes(in, f, "", "", "objectFileHashSha256")
	if n, ok := in.int("objectFileSize"); ok {
		f.int("size", n, true)
	}
}

// mobileDevice writes the phone (host profile): its GUID, name, model, OS
// and addresses, of type Mobile.
func mobileDevice(in *ocsfItem, ev *ocsfEvent) {
	d := ev.objN("device", deviceKeys)
	d.m.PutInt("type_id", 5)
	d.str("type", "Mobile")
	d.move("uid", in, "endpointGuid")
	// endpointHostName is the device's display name ("auto tester's
	// Android AOSP on taimen"), not a DNS name.
	d.move("name", in, "endpointHostName")
	d.move("model", in, "endpointModel")
	putIPs(d, in.ips("endpointIp"))
	if name := in.peek("osName"); name != "" {
		in.value("osName")
		ver, _ := in.str("osVer")
		putOS(d.obj("os"), name, ver)
	}
	if _, ok := d.m.Get("uid"); !ok {
		if _, ok := d.m.Get("name"); !ok {
			if _, ok := d.m.Get("ip"); !ok {
				d.str("name", "unknown") // device requires a name, uid or ip
			}
		}
	}
}

// mobileActor writes the actor: the app named by the label and package
// fields given, and the one logged-on user (logonUser; several stay
// unmapped, the actor being one user).
func mobileActor(in *ocsfItem, ev *ocsfEvent, label, pkg string) {
	a := ev.obj("actor")
	if s, ok := in.str(label); ok {
		a.str("app_name", s)
	}
	if s, ok := in.str(pkg); ok {
		a.str("app_uid", s)
	}
	if s, ok := in.str("logonUser"); ok {
		a.obj("user").str("name", s)
	}
	if a.m.Len() == 0 {
		a.str("app_name", "unknown") // actor requires an app or a user
	}
}

// mobileAppActivity maps a Mobile Security app or system event's access
// type (eventSubId 1201-1204, 1301-1302; trendmicro/tm-v1-schema) to
// Application Lifecycle's activity_id.
func mobileAppActivity(sub int64) (int64, string) {
	switch sub {
	case 1201:
		return 3, "Start"
	case 1202:
		return 4, "Stop"
	case 1203:
		return 1, "Install"
	case 1204:
		return 2, "Remove"
	case 1301:
		return 6, "Enable"
	case 1302:
		return 7, "Disable"
	}
	return 0, "Unknown"
}
