import { PropagationStore } from "../../index";

new PropagationStore("directory", { type: "directory", name: "PingOne directory" });
